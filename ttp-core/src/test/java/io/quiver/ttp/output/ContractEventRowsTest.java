package io.quiver.ttp.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.schema.rows.ContractEventRow;
import io.quiver.schema.rows.ContractEventVectors;
import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.stellar.xdr.model.ScVal;
import io.quiver.stellar.xdr.model.ScValType;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.Environment;
import io.quiver.testing.SharedLedgers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Contract events of the real load-test ledgers into rows and Arrow vectors, and back. */
@ExtendWith(ArrowAllocatorExtension.class)
class ContractEventRowsTest {

    @Test
    void everySacTransferOfTheLoadTestsBecomesARow(BufferAllocator allocator) throws Exception {
        for (String file : List.of("load-test-ledgers-v22.xdr.zstd", "load-test-ledgers-v24.xdr.zstd")) {
            List<ContractEventRow> rows = new ArrayList<>();
            for (RawLedger raw : LedgerFiles.read(Environment.sharedStellar().resolve("synthetic-soroban-loadtest/" + file)).ledgers()) {
                rows.addAll(new ContractEventRows(SharedLedgers.LOAD_TEST).of(raw.decode()));
            }
            long transfers = rows.stream().filter(r -> r.type().equals("contract") && topic0(r).equals("transfer")).count();
            assertEquals(2000, transfers, file + ": the README's 2,000 native SAC transfers (1,000 per ledger with transfers)");
            assertTrue(rows.stream().allMatch(r -> r.contractId() == null || r.contractId().startsWith("C")));
            // topics and data are each exactly one ScVal's XDR (values are encoded in turn by one writer)
            for (ContractEventRow r : rows) {
                for (byte[] t : r.topics()) {
                    assertArrayEquals(t, ScVal.fromXdr(t).toXdr(), r.eventId());
                }
                if (r.data().length > 0) {
                    assertArrayEquals(r.data(), ScVal.fromXdr(r.data()).toXdr(), r.eventId());
                }
            }
            try (VectorSchemaRoot root = ContractEventVectors.newRoot(allocator)) {
                ContractEventVectors v = new ContractEventVectors(root);
                rows.forEach(v::append);
                assertEquals(rows.size(), root.getRowCount());
                for (int i = 0; i < rows.size(); i++) {
                    assertEquals(rows.get(i), v.get(i), file + " row " + i);
                }
            }
        }
    }

    private static String topic0(ContractEventRow r) {
        if (r.topics().isEmpty()) {
            return "";
        }
        ScVal v = ScVal.fromXdr(r.topics().get(0));
        return v.discriminant() == ScValType.SCV_SYMBOL ? new String(v.sym(), StandardCharsets.UTF_8) : "";
    }
}
