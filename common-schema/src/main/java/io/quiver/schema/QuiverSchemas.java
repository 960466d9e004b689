package io.quiver.schema;

import java.util.List;
import java.util.Optional;

/** The registry of every published schema. */
public final class QuiverSchemas {

    public static final List<QuiverSchema> ALL = List.of(
            StellarLedgerSchema.SCHEMA,
            TokenTransferEventSchema.SCHEMA,
            ContractEventSchema.SCHEMA,
            LedgerTableSchemas.TRANSACTION_SCHEMA,
            LedgerTableSchemas.OPERATION_SCHEMA,
            LedgerTableSchemas.CONTRACT_INVOCATION_SCHEMA,
            LloSchemas.OBSERVATION,
            LloSchemas.STREAM_AGGREGATES,
            LloSchemas.CACHE,
            LloSchemas.TRANSMISSION);

    private QuiverSchemas() {
    }

    public static Optional<QuiverSchema> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
