package io.quiver.schema.rows;

import static io.quiver.schema.StellarLedgerSchema.*;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.quiver.schema.StellarLedgerSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Typed access to the columns of a {@code StellarLedger} root: append rows, read rows. */
public final class StellarLedgerVectors extends RowVectors<StellarLedgerRow> {

    private final UInt4Vector sequence;
    private final FixedSizeBinaryVector ledgerHash;
    private final FixedSizeBinaryVector previousLedgerHash;
    private final TimeStampMicroTZVector closedAt;
    private final UInt4Vector protocolVersion;
    private final UInt1Vector lcmVersion;
    private final UInt4Vector txCount;
    private final UInt4Vector successfulTxCount;
    private final UInt4Vector failedTxCount;
    private final UInt4Vector operationCount;
    private final UInt4Vector baseFee;
    private final UInt4Vector baseReserve;
    private final FixedSizeBinaryVector networkId;
    private final VarCharVector source;
    private final VarBinaryVector ledgerCloseMeta;

    public StellarLedgerVectors(VectorSchemaRoot root) {
        super(root);
        sequence = (UInt4Vector) root.getVector(SEQUENCE);
        ledgerHash = (FixedSizeBinaryVector) root.getVector(LEDGER_HASH);
        previousLedgerHash = (FixedSizeBinaryVector) root.getVector(PREVIOUS_LEDGER_HASH);
        closedAt = (TimeStampMicroTZVector) root.getVector(CLOSED_AT);
        protocolVersion = (UInt4Vector) root.getVector(PROTOCOL_VERSION);
        lcmVersion = (UInt1Vector) root.getVector(LCM_VERSION);
        txCount = (UInt4Vector) root.getVector(TX_COUNT);
        successfulTxCount = (UInt4Vector) root.getVector(SUCCESSFUL_TX_COUNT);
        failedTxCount = (UInt4Vector) root.getVector(FAILED_TX_COUNT);
        operationCount = (UInt4Vector) root.getVector(OPERATION_COUNT);
        baseFee = (UInt4Vector) root.getVector(BASE_FEE);
        baseReserve = (UInt4Vector) root.getVector(BASE_RESERVE);
        networkId = (FixedSizeBinaryVector) root.getVector(NETWORK_ID);
        source = (VarCharVector) root.getVector(SOURCE);
        ledgerCloseMeta = (VarBinaryVector) root.getVector(LEDGER_CLOSE_META);
    }

    /** A new, empty root of the schema, owned by the caller. */
    public static VectorSchemaRoot newRoot(BufferAllocator allocator) {
        return newRoot(StellarLedgerSchema.SCHEMA, allocator);
    }

    /** Writes {@code row} at index {@code i}; set the root's row count afterwards. */
    @Override
    public void set(int i, StellarLedgerRow row) {
        sequence.setSafe(i, (int) row.sequence());
        ledgerHash.setSafe(i, row.ledgerHash());
        previousLedgerHash.setSafe(i, row.previousLedgerHash());
        closedAt.setSafe(i, ChronoUnit.MICROS.between(Instant.EPOCH, row.closedAt()));
        protocolVersion.setSafe(i, row.protocolVersion());
        lcmVersion.setSafe(i, (byte) row.lcmVersion());
        txCount.setSafe(i, row.txCount());
        successfulTxCount.setSafe(i, row.successfulTxCount());
        failedTxCount.setSafe(i, row.failedTxCount());
        operationCount.setSafe(i, row.operationCount());
        baseFee.setSafe(i, (int) row.baseFee());
        baseReserve.setSafe(i, (int) row.baseReserve());
        networkId.setSafe(i, row.networkId());
        text(source, i, row.source());
        ledgerCloseMeta.setSafe(i, row.ledgerCloseMeta());
    }

    /** Bytes of row {@code i}'s {@code ledger_close_meta}, without copying it. */
    public int xdrLength(int i) {
        return ledgerCloseMeta.getValueLength(i);
    }

    /** The sequence of row {@code i}, without reading the rest of the row. */
    public long sequence(int i) {
        return Integer.toUnsignedLong(sequence.get(i));
    }

    /** Reads row {@code i}. */
    @Override
    public StellarLedgerRow get(int i) {
        return new StellarLedgerRow(
                sequence(i),
                ledgerHash.get(i),
                previousLedgerHash.get(i),
                Instant.EPOCH.plus(closedAt.get(i), ChronoUnit.MICROS),
                protocolVersion.get(i),
                Byte.toUnsignedInt(lcmVersion.get(i)),
                txCount.get(i),
                successfulTxCount.get(i),
                failedTxCount.get(i),
                operationCount.get(i),
                Integer.toUnsignedLong(baseFee.get(i)),
                Integer.toUnsignedLong(baseReserve.get(i)),
                networkId.get(i),
                text(source, i),
                ledgerCloseMeta.get(i));
    }
}
