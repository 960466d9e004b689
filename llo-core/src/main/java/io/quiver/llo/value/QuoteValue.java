package io.quiver.llo.value;

/**
 * A quote (type 1). Binary form: the protobuf message {bid = 1, benchmark = 2, ask = 3} of the
 * three decimals' binary forms, fields in number order.
 */
public record QuoteValue(LloDecimal bid, LloDecimal benchmark, LloDecimal ask) implements StreamValue {

    @Override
    public int type() {
        return TYPE_QUOTE;
    }

    /** bid <= benchmark <= ask, compared numerically. */
    public boolean isValid() {
        return bid.compareTo(benchmark) <= 0 && benchmark.compareTo(ask) <= 0;
    }

    @Override
    public byte[] toBinary() {
        ProtoWriter w = new ProtoWriter();
        w.bytesField(1, bid.toBinary());
        w.bytesField(2, benchmark.toBinary());
        w.bytesField(3, ask.toBinary());
        return w.toByteArray();
    }
}
