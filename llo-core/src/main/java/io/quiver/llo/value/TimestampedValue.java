package io.quiver.llo.value;

/**
 * A decimal with the time its provider observed it (type 2). Only a decimal is supported inside,
 * as the production median does (it discards any other nested type). Binary form: protobuf
 * {observedAtNanoseconds = 1 (uint64), streamValue = 2 {type = 1, value = 2}} with proto3's
 * omission of zero values.
 */
public record TimestampedValue(long observedAtNanos, LloDecimal value) implements StreamValue {

    @Override
    public int type() {
        return TYPE_TIMESTAMPED;
    }

    @Override
    public byte[] toBinary() {
        ProtoWriter inner = new ProtoWriter();
        // type 0 (decimal) is proto3's default and is not written
        inner.bytesField(2, value.toBinary());
        ProtoWriter w = new ProtoWriter();
        w.uint64Field(1, observedAtNanos);
        w.bytesField(2, inner.toByteArray());
        return w.toByteArray();
    }
}
