package io.quiver.schema.rows;

import static io.quiver.schema.StellarLedgerSchema.*;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.quiver.schema.StellarLedgerSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Typed access to the columns of a {@code StellarLedger} root: append rows, read rows. A root of a
 * 1.0 batch lacks the 1.1 columns: its rows read with no header facts.
 */
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
    private final BigIntVector id;
    private final BigIntVector totalCoins;
    private final BigIntVector feePool;
    private final UInt4Vector maxTxSetSize;
    private final BigIntVector sorobanFeeWrite1kb;
    private final BigIntVector liveSorobanStateBytes;
    private final VarCharVector nodeId;
    private final VarBinaryVector signature;
    private final VarBinaryVector ledgerHeader;

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
        id = (BigIntVector) root.getVector(ID);
        totalCoins = (BigIntVector) root.getVector(TOTAL_COINS);
        feePool = (BigIntVector) root.getVector(FEE_POOL);
        maxTxSetSize = (UInt4Vector) root.getVector(MAX_TX_SET_SIZE);
        sorobanFeeWrite1kb = (BigIntVector) root.getVector(SOROBAN_FEE_WRITE_1KB);
        liveSorobanStateBytes = (BigIntVector) root.getVector(TOTAL_BYTE_SIZE_OF_LIVE_SOROBAN_STATE);
        nodeId = (VarCharVector) root.getVector(NODE_ID);
        signature = (VarBinaryVector) root.getVector(SIGNATURE);
        ledgerHeader = (VarBinaryVector) root.getVector(LEDGER_HEADER);
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
        StellarLedgerRow.HeaderFacts h = row.header();
        if (id == null) {
            return; // a 1.0 root
        }
        if (h == null) {
            id.setNull(i);
            totalCoins.setNull(i);
            feePool.setNull(i);
            maxTxSetSize.setNull(i);
            sorobanFeeWrite1kb.setNull(i);
            liveSorobanStateBytes.setNull(i);
            nodeId.setNull(i);
            signature.setNull(i);
            ledgerHeader.setNull(i);
            return;
        }
        id.setSafe(i, h.id());
        totalCoins.setSafe(i, h.totalCoins());
        feePool.setSafe(i, h.feePool());
        maxTxSetSize.setSafe(i, (int) h.maxTxSetSize());
        nullableLong(sorobanFeeWrite1kb, i, h.sorobanFeeWrite1kb());
        nullableLong(liveSorobanStateBytes, i, h.liveSorobanStateBytes());
        text(nodeId, i, h.nodeId());
        if (h.signature() == null) {
            signature.setNull(i);
        } else {
            signature.setSafe(i, h.signature());
        }
        ledgerHeader.setSafe(i, h.ledgerHeader());
    }

    private static void nullableLong(BigIntVector v, int i, Long value) {
        if (value == null) {
            v.setNull(i);
        } else {
            v.setSafe(i, value);
        }
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
                ledgerCloseMeta.get(i),
                header(i));
    }

    private StellarLedgerRow.HeaderFacts header(int i) {
        if (id == null || id.isNull(i)) {
            return null;
        }
        return new StellarLedgerRow.HeaderFacts(id.get(i), totalCoins.get(i), feePool.get(i),
                Integer.toUnsignedLong(maxTxSetSize.get(i)),
                sorobanFeeWrite1kb.isNull(i) ? null : sorobanFeeWrite1kb.get(i),
                liveSorobanStateBytes.isNull(i) ? null : liveSorobanStateBytes.get(i),
                text(nodeId, i), signature.isNull(i) ? null : signature.get(i), ledgerHeader.get(i));
    }
}
