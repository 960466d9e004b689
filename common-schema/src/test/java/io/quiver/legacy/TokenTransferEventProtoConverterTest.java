package io.quiver.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.codec.BatchLabel;
import io.quiver.codec.DecodedBatch;
import io.quiver.codec.EncodedRecord;
import io.quiver.legacy.proto.tokentransfer.TokenTransferEvent;
import io.quiver.schema.TokenTransferEventSchema;
import io.quiver.schema.rows.TokenTransferEventRow;
import io.quiver.schema.rows.TokenTransferEventVectors;
import io.quiver.testing.ArrowAllocatorExtension;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowAllocatorExtension.class)
class TokenTransferEventProtoConverterTest {

    private static final byte[] HASH = TokenTransferEventProtoConverterTestData.HASH;
    private static final Instant CLOSED = TokenTransferEventProtoConverterTestData.CLOSED;

    static List<TokenTransferEventRow> samples() {
        return TokenTransferEventProtoConverterTestData.samples();
    }

    @Test
    void rowsSurviveArrowThenProtobufWireBytesThenArrowAgain(BufferAllocator allocator) throws Exception {
        List<TokenTransferEventRow> rows = samples();
        ArrowKafkaCodec codec = ArrowKafkaCodec.defaults();
        EncodedRecord record;
        try (VectorSchemaRoot root = TokenTransferEventVectors.newRoot(allocator)) {
            TokenTransferEventVectors w = new TokenTransferEventVectors(root);
            rows.forEach(w::append);
            record = codec.encode(root, BatchLabel.ledgers(53_312_000L, 53_312_000L)).get(0);
        }
        List<TokenTransferEventRow> back = new ArrayList<>();
        try (DecodedBatch batch = codec.decode(record.value(), record.headers(), TokenTransferEventSchema.SCHEMA, allocator)) {
            TokenTransferEventVectors r = new TokenTransferEventVectors(batch.batches().get(0));
            for (int i = 0; i < batch.rowCount(); i++) {
                TokenTransferEventRow fromArrow = r.get(i);
                byte[] wire = TokenTransferEventProtoConverter.toProto(fromArrow).toByteArray();
                back.add(TokenTransferEventProtoConverter.fromProto(TokenTransferEvent.parseFrom(wire), fromArrow.eventIndex()));
            }
        }
        assertEquals(rows, back);
    }

    @Test
    void protobufFieldsFollowTheStellarGoShape() {
        TokenTransferEventRow fee = samples().get(0);
        TokenTransferEvent p = TokenTransferEventProtoConverter.toProto(fee);
        assertTrue(p.hasFee());
        assertFalse(p.getMeta().hasOperationIndex(), "fee events carry no operation index");
        assertEquals("ab".repeat(32), p.getMeta().getTxHash());
        assertEquals(CLOSED.getEpochSecond(), p.getMeta().getClosedAt().getSeconds());
        TokenTransferEvent refund = TokenTransferEventProtoConverter.toProto(samples().get(1));
        assertEquals("-40000", refund.getFee().getAmount());
        TokenTransferEvent muxed = TokenTransferEventProtoConverter.toProto(samples().get(2));
        assertTrue(muxed.getTransfer().getAsset().getNative());
        assertEquals(-1L, muxed.getMeta().getToMuxedInfo().getId(), "uint64 max keeps its bits");
        TokenTransferEvent custom = TokenTransferEventProtoConverter.toProto(samples().get(6));
        assertFalse(custom.getTransfer().hasAsset(), "a custom token has no asset");
    }

    @Test
    void amountsBeyondInt64StayExactAndBeyond38DigitsLeaveOnlyTheDecimalColumnNull(BufferAllocator allocator) {
        try (VectorSchemaRoot root = TokenTransferEventVectors.newRoot(allocator)) {
            TokenTransferEventVectors w = new TokenTransferEventVectors(root);
            samples().forEach(w::append);
            DecimalVector dec = (DecimalVector) root.getVector(TokenTransferEventSchema.AMOUNT_DECIMAL);
            assertEquals(new BigInteger("18446947143889701584"), dec.getObject(3).toBigIntegerExact());
            assertEquals(new BigInteger("-40000"), dec.getObject(1).toBigIntegerExact());
            assertTrue(dec.isNull(6), "i128 max has 39 digits: no decimal(38,0)");
            assertEquals(new BigInteger("170141183460469231731687303715884105727"), w.get(6).amount());
            assertEquals("53312000-3-2-2", w.get(2).eventId());
            assertEquals("53312000-3-0-0", w.get(0).eventId());
        }
    }
}
