package io.quiver.ttp.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quiver.legacy.TokenTransferEventProtoConverter;
import io.quiver.legacy.proto.tokentransfer.TokenTransferEvent;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.schema.rows.TokenTransferEventVectors;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.Environment;
import io.quiver.testing.SharedLedgers;
import io.quiver.ttp.derived.DerivedEventsExtractor;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Events into Arrow vectors and protobuf: every field survives, checked against the golden protojson. */
@ExtendWith(ArrowAllocatorExtension.class)
class EventRowsTest {

    @Test
    void goldenEventsRoundTripThroughArrowAndProtobuf(BufferAllocator allocator) throws Exception {
        Path golden = Environment.sharedStellar().resolve("core-golden");
        for (String name : List.of("v0-protocol-14", "v2-protocol-29-soroban", "v1-protocol-22")) {
            var meta = LedgerFiles.read(golden.resolve("input-no-events/ledger-close-meta-" + name + ".xdr")).ledgers().get(0).decode();
            var events = new DerivedEventsExtractor(SharedLedgers.CORE_TESTS).extract(meta);
            List<TokenTransferEventRow> rows = EventRows.rows(events);
            try (VectorSchemaRoot root = TokenTransferEventVectors.newRoot(allocator)) {
                TokenTransferEventVectors vectors = new TokenTransferEventVectors(root);
                EventRows.append(events, vectors);
                assertEquals(rows.size(), root.getRowCount());
                for (int i = 0; i < rows.size(); i++) {
                    assertEquals(rows.get(i), vectors.get(i), name + " row " + i);
                }
            }
            JsonNode expected = new ObjectMapper().readTree(golden.resolve("expected-ttp-events/" + name + ".events.json").toFile());
            List<TokenTransferEvent> protos = EventRows.protos(events);
            assertEquals(expected.size(), protos.size());
            for (int i = 0; i < protos.size(); i++) {
                TokenTransferEvent p = protos.get(i);
                JsonNode x = expected.get(i);
                assertEquals(x.get("meta").get("txHash").asText(), p.getMeta().getTxHash(), name + " event " + i);
                assertEquals(x.get("meta").get("contractAddress").asText(), p.getMeta().getContractAddress());
                assertEquals(x.get("meta").get("ledgerSequence").asLong(), Integer.toUnsignedLong(p.getMeta().getLedgerSequence()));
                String kind = p.getEventCase().name().toLowerCase();
                assertEquals(x.get(kind).get("amount").asText(), amount(p), name + " event " + i + " amount");
                assertEquals(rows.get(i), TokenTransferEventProtoConverter.fromProto(p, i), name + " event " + i + " back from protobuf");
            }
        }
    }

    private static String amount(TokenTransferEvent p) {
        return switch (p.getEventCase()) {
            case TRANSFER -> p.getTransfer().getAmount();
            case MINT -> p.getMint().getAmount();
            case BURN -> p.getBurn().getAmount();
            case CLAWBACK -> p.getClawback().getAmount();
            case FEE -> p.getFee().getAmount();
            default -> throw new AssertionError(p);
        };
    }
}
