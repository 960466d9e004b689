package io.quiver.schema.rows;

import io.quiver.schema.ContractEventSchema;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;

/** Typed access to the columns of a {@code ContractEvent} root: append rows, read rows. */
public final class ContractEventVectors extends RowVectors<ContractEventRow> {

    private final VarCharVector eventId;
    private final UInt4Vector ledgerSequence;
    private final TimeStampMicroTZVector closedAt;
    private final FixedSizeBinaryVector txHash;
    private final UInt4Vector transactionIndex;
    private final UInt4Vector operationIndex;
    private final UInt4Vector eventIndex;
    private final VarCharVector contractId;
    private final VarCharVector type;
    private final ListVector topics;
    private final VarBinaryVector data;
    private final BitVector txSuccessful;

    public ContractEventVectors(VectorSchemaRoot root) {
        super(root);
        eventId = (VarCharVector) root.getVector(ContractEventSchema.EVENT_ID);
        ledgerSequence = (UInt4Vector) root.getVector(ContractEventSchema.LEDGER_SEQUENCE);
        closedAt = (TimeStampMicroTZVector) root.getVector(ContractEventSchema.CLOSED_AT);
        txHash = (FixedSizeBinaryVector) root.getVector(ContractEventSchema.TX_HASH);
        transactionIndex = (UInt4Vector) root.getVector(ContractEventSchema.TRANSACTION_INDEX);
        operationIndex = (UInt4Vector) root.getVector(ContractEventSchema.OPERATION_INDEX);
        eventIndex = (UInt4Vector) root.getVector(ContractEventSchema.EVENT_INDEX);
        contractId = (VarCharVector) root.getVector(ContractEventSchema.CONTRACT_ID);
        type = (VarCharVector) root.getVector(ContractEventSchema.TYPE);
        topics = (ListVector) root.getVector(ContractEventSchema.TOPICS);
        data = (VarBinaryVector) root.getVector(ContractEventSchema.DATA);
        txSuccessful = (BitVector) root.getVector(ContractEventSchema.TX_SUCCESSFUL);
    }

    /** A new, empty root of the schema; the caller owns it and closes it. */
    public static VectorSchemaRoot newRoot(BufferAllocator allocator) {
        return newRoot(ContractEventSchema.SCHEMA, allocator);
    }

    /** Writes {@code row} at index {@code i}; set the root's row count afterwards. */
    @Override
    public void set(int i, ContractEventRow row) {
        text(eventId, i, row.eventId());
        ledgerSequence.setSafe(i, (int) row.ledgerSequence());
        closedAt.setSafe(i, ChronoUnit.MICROS.between(Instant.EPOCH, row.closedAt()));
        txHash.setSafe(i, row.txHash());
        transactionIndex.setSafe(i, (int) row.transactionIndex());
        if (row.operationIndex() == null) {
            operationIndex.setNull(i);
        } else {
            operationIndex.setSafe(i, (int) row.operationIndex().longValue());
        }
        eventIndex.setSafe(i, (int) row.eventIndex());
        text(contractId, i, row.contractId());
        text(type, i, row.type());
        int first = topics.startNewValue(i);
        VarBinaryVector elements = (VarBinaryVector) topics.getDataVector();
        for (int t = 0; t < row.topics().size(); t++) {
            elements.setSafe(first + t, row.topics().get(t));
        }
        topics.endValue(i, row.topics().size());
        data.setSafe(i, row.data());
        txSuccessful.setSafe(i, row.txSuccessful() ? 1 : 0);
    }

    @Override
    public ContractEventRow get(int i) {
        List<byte[]> t = new ArrayList<>();
        VarBinaryVector elements = (VarBinaryVector) topics.getDataVector();
        int start = topics.getElementStartIndex(i);
        int end = topics.getElementEndIndex(i);
        for (int k = start; k < end; k++) {
            t.add(elements.get(k));
        }
        return new ContractEventRow(Integer.toUnsignedLong(ledgerSequence.get(i)), Instant.EPOCH.plus(closedAt.get(i), ChronoUnit.MICROS),
                txHash.get(i), Integer.toUnsignedLong(transactionIndex.get(i)),
                operationIndex.isNull(i) ? null : Integer.toUnsignedLong(operationIndex.get(i)), Integer.toUnsignedLong(eventIndex.get(i)),
                text(contractId, i), text(type, i), t, data.get(i), txSuccessful.get(i) == 1);
    }
}
