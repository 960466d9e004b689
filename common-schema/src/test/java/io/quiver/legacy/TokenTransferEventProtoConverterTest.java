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

    private static final byte[] HASH = new byte[32];
    private static final Instant CLOSED = Instant.parse("2024-09-02T10:50:19Z");
    private static final String SAC = "CAS3J7GYLGXMF6TDJBBYYSE3HQ6BBSMLNUQ34T6TZMYMW2EVH34XOWMA";
    private static final String G1 = "GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7";
    private static final String G2 = "GBRPYHIL2CI3FNQ4BXLFMNDLFJUNPU2HY3ZMFSHONUCEOASW7QC7OX2H";

    static {
        Arrays.fill(HASH, (byte) 0xab);
    }

    static List<TokenTransferEventRow> samples() {
        List<TokenTransferEventRow> rows = new ArrayList<>();
        rows.add(row(0, "fee", G1, null, null, null, null, new BigInteger("100"), null, null, null, null));
        rows.add(row(1, "fee", G1, null, null, null, null, new BigInteger("-40000"), null, null, null, null));
        rows.add(row(2, "transfer", G1, G2, "native", null, null, new BigInteger("10000000"), "id", null, 0xFFFF_FFFF_FFFF_FFFFL, null));
        rows.add(row(3, "mint", null, G2, "issued", "USDC", G1, new BigInteger("18446947143889701584"), "text", "memo text", null, null));
        rows.add(row(4, "burn", G2, null, "issued", "ABCDEFGHIJKL", G1, BigInteger.ONE, null, null, null, null));
        rows.add(row(5, "clawback", G2, null, "issued", "EUR", G1, new BigInteger("5"), null, null, null, null));
        byte[] memo = new byte[32];
        memo[31] = 7;
        rows.add(row(6, "transfer", SAC, G2, null, null, null,
                new BigInteger("170141183460469231731687303715884105727"), "hash", null, null, memo));
        return rows;
    }

    private static TokenTransferEventRow row(int idx, String type, String from, String to, String assetType, String code,
                                             String issuer, BigInteger amount, String muxType, String muxText, Long muxId,
                                             byte[] muxHash) {
        Long op = type.equals("fee") ? null : (long) idx;
        return new TokenTransferEventRow(53_312_000L, CLOSED, HASH, 3, op, idx, type, SAC, from, to, assetType, code, issuer,
                amount, muxType, muxText, muxId, muxHash);
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
