package io.quiver.schema.rows;

import static io.quiver.schema.TokenTransferEventSchema.*;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.quiver.schema.TokenTransferEventSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Typed access to the columns of a {@code TokenTransferEvent} root: append rows, read rows.
 */
public final class TokenTransferEventVectors extends RowVectors<TokenTransferEventRow> {

    /** The largest magnitude decimal(38,0) holds. */
    private static final BigInteger DECIMAL_38_LIMIT = BigInteger.TEN.pow(38);

    private final VarCharVector eventId;
    private final UInt4Vector ledgerSequence;
    private final TimeStampMicroTZVector closedAt;
    private final FixedSizeBinaryVector txHash;
    private final UInt4Vector transactionIndex;
    private final UInt4Vector operationIndex;
    private final UInt4Vector eventIndex;
    private final VarCharVector eventType;
    private final VarCharVector contractAddress;
    private final VarCharVector from;
    private final VarCharVector to;
    private final VarCharVector assetType;
    private final VarCharVector assetCode;
    private final VarCharVector assetIssuer;
    private final VarCharVector amount;
    private final DecimalVector amountDecimal;
    private final VarCharVector toMuxedType;
    private final VarCharVector toMuxedText;
    private final UInt8Vector toMuxedId;
    private final VarBinaryVector toMuxedHash;

    public TokenTransferEventVectors(VectorSchemaRoot root) {
        super(root);
        eventId = (VarCharVector) root.getVector(EVENT_ID);
        ledgerSequence = (UInt4Vector) root.getVector(LEDGER_SEQUENCE);
        closedAt = (TimeStampMicroTZVector) root.getVector(CLOSED_AT);
        txHash = (FixedSizeBinaryVector) root.getVector(TX_HASH);
        transactionIndex = (UInt4Vector) root.getVector(TRANSACTION_INDEX);
        operationIndex = (UInt4Vector) root.getVector(OPERATION_INDEX);
        eventIndex = (UInt4Vector) root.getVector(EVENT_INDEX);
        eventType = (VarCharVector) root.getVector(EVENT_TYPE);
        contractAddress = (VarCharVector) root.getVector(CONTRACT_ADDRESS);
        from = (VarCharVector) root.getVector(FROM);
        to = (VarCharVector) root.getVector(TO);
        assetType = (VarCharVector) root.getVector(ASSET_TYPE);
        assetCode = (VarCharVector) root.getVector(ASSET_CODE);
        assetIssuer = (VarCharVector) root.getVector(ASSET_ISSUER);
        amount = (VarCharVector) root.getVector(AMOUNT);
        amountDecimal = (DecimalVector) root.getVector(AMOUNT_DECIMAL);
        toMuxedType = (VarCharVector) root.getVector(TO_MUXED_TYPE);
        toMuxedText = (VarCharVector) root.getVector(TO_MUXED_TEXT);
        toMuxedId = (UInt8Vector) root.getVector(TO_MUXED_ID);
        toMuxedHash = (VarBinaryVector) root.getVector(TO_MUXED_HASH);
    }

    /** A new, empty root of the schema, owned by the caller. */
    public static VectorSchemaRoot newRoot(BufferAllocator allocator) {
        return newRoot(TokenTransferEventSchema.SCHEMA, allocator);
    }

    /** Writes {@code row} at index {@code i}. */
    @Override
    public void set(int i, TokenTransferEventRow row) {
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
        text(eventType, i, row.eventType());
        text(contractAddress, i, row.contractAddress());
        text(from, i, row.from());
        text(to, i, row.to());
        text(assetType, i, row.assetType());
        text(assetCode, i, row.assetCode());
        text(assetIssuer, i, row.assetIssuer());
        text(amount, i, row.amount().toString());
        if (row.amount().abs().compareTo(DECIMAL_38_LIMIT) < 0) {
            amountDecimal.setSafe(i, new BigDecimal(row.amount()));
        } else {
            amountDecimal.setNull(i);
        }
        text(toMuxedType, i, row.toMuxedType());
        text(toMuxedText, i, row.toMuxedText());
        if (row.toMuxedId() == null) {
            toMuxedId.setNull(i);
        } else {
            toMuxedId.setSafe(i, row.toMuxedId());
        }
        if (row.toMuxedHash() == null) {
            toMuxedHash.setNull(i);
        } else {
            toMuxedHash.setSafe(i, row.toMuxedHash());
        }
    }

    /** The columns a filter reads, without building the row. */
    public long ledgerSequence(int i) {
        return Integer.toUnsignedLong(ledgerSequence.get(i));
    }

    public long eventIndex(int i) {
        return Integer.toUnsignedLong(eventIndex.get(i));
    }

    public String eventType(int i) {
        return text(eventType, i);
    }

    public String contractAddress(int i) {
        return text(contractAddress, i);
    }

    public String from(int i) {
        return text(from, i);
    }

    public String to(int i) {
        return text(to, i);
    }

    public String assetType(int i) {
        return text(assetType, i);
    }

    public String assetCode(int i) {
        return text(assetCode, i);
    }

    public String assetIssuer(int i) {
        return text(assetIssuer, i);
    }

    /** Reads row {@code i}. */
    @Override
    public TokenTransferEventRow get(int i) {
        long micros = closedAt.get(i);
        return new TokenTransferEventRow(
                Integer.toUnsignedLong(ledgerSequence.get(i)),
                Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
                txHash.get(i),
                Integer.toUnsignedLong(transactionIndex.get(i)),
                operationIndex.isNull(i) ? null : Integer.toUnsignedLong(operationIndex.get(i)),
                Integer.toUnsignedLong(eventIndex.get(i)),
                text(eventType, i),
                text(contractAddress, i),
                text(from, i),
                text(to, i),
                text(assetType, i),
                text(assetCode, i),
                text(assetIssuer, i),
                new BigInteger(text(amount, i)),
                text(toMuxedType, i),
                text(toMuxedText, i),
                toMuxedId.isNull(i) ? null : toMuxedId.get(i),
                toMuxedHash.isNull(i) ? null : toMuxedHash.get(i));
    }

}
