package io.quiver.ttp.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quiver.ttp.pipeline.EventRecords;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** ttp-service settings ({@code quiver.ttp.*}). */
@ConfigMapping(prefix = "quiver.ttp")
public interface TtpSettings {

    /** Run the consume-extract-publish loop (off for an instance that only serves gRPC and Flight). */
    @WithDefault("true")
    boolean consume();

    /** {@code derived} (stellar/go's default: events from operations and changes) or {@code unified} (CAP-67 events only). */
    @WithDefault("derived")
    Mode mode();

    /** Where token transfer events are taken from. */
    enum Mode { DERIVED, UNIFIED }

    /**
     * {@code arrow}: TokenTransferEvent batches; {@code rows}: one stellar/go protobuf per record on the
     * proto topic; {@code both}: the two, in one transaction (gRPC and Flight serve the Arrow topic).
     */
    @WithDefault("arrow")
    EventRecords.Mode output();

    @WithDefault("stellar.ledgers.v1")
    String inputTopic();

    @WithDefault("stellar.ttp.events.v1")
    String eventsTopic();

    @WithDefault("stellar.ttp.events.proto.v1")
    String protoTopic();

    @WithDefault("stellar.contract.events.v1")
    String contractTopic();

    /**
     * Publish every contract event on the contract-events topic. Off for deployments that need only
     * token transfers: on Soroban-heavy ledgers the contract events are most of the work.
     */
    @WithDefault("true")
    boolean contractEvents();

    /** Consumer group: instances with the same group share the ledgers topic's partitions. */
    @WithDefault("ttp-service")
    String groupId();

    /** Names this instance's transactional producer; unique per running instance (default: random per start). */
    Optional<String> instanceId();

    /**
     * How long the group waits for a silent instance (crashed, killed) before it hands that
     * instance's partitions to the others: Kafka's {@code session.timeout.ms}, heartbeats at a third.
     */
    @WithDefault("45s")
    Duration sessionTimeout();

    /** Ledger records per poll, i.e. per Kafka transaction. */
    @WithDefault("8")
    int maxPollRecords();

    /** Passphrases of private networks, besides pubnet, testnet, futurenet and standalone. */
    Optional<List<String>> networkPassphrases();

    Filter filter();

    Tables tables();

    Flight flight();

    Grpc grpc();

    /** Keep only some events; every list empty (the default) keeps all. */
    interface Filter {
        /** transfer, mint, burn, clawback, fee. */
        Optional<List<String>> eventTypes();

        /** native or CODE:ISSUER. */
        Optional<List<String>> assets();

        /** Addresses matching from or to. */
        Optional<List<String>> accounts();

        /** Emitting contracts (also filters contract events). */
        Optional<List<String>> contracts();
    }

    /** The ledger tables, made from the same decoded ledgers in the same Kafka transactions as the events. */
    interface Tables {
        /** Tables published: any of transactions, operations, invocations (a value of none publishes none). */
        @WithDefault("transactions,operations,invocations")
        List<String> enabled();

        /**
         * Fill the raw XDR columns of transactions (envelope, result, meta, fee meta). Off by default:
         * the same bytes are on the ledgers topic, and copying them per transaction costs the hop a
         * fifth of its speed on Soroban ledgers (see the README's benchmarks).
         */
        @WithDefault("false")
        boolean rawXdr();

        @WithDefault("stellar.transactions.v1")
        String transactionsTopic();

        @WithDefault("stellar.operations.v1")
        String operationsTopic();

        @WithDefault("stellar.contract.invocations.v1")
        String invocationsTopic();
    }

    interface Flight {
        @WithDefault("true")
        boolean enabled();

        /** Interface Flight listens on. */
        @WithDefault("0.0.0.0")
        String host();

        /** Arrow Flight port: ticket ttp_events:START:END[:FILTERS]. */
        @WithDefault("8816")
        int port();
    }

    interface Grpc {
        @WithDefault("true")
        boolean enabled();

        /** Interface the legacy gRPC service listens on. */
        @WithDefault("0.0.0.0")
        String host();

        /** Legacy token_transfer_service.EventService port (the ttp-processor's). */
        @WithDefault("50051")
        int port();
    }
}
