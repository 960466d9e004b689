package io.quiver.llo.value;

/** A plain decimal stream value (type 0). */
public record DecimalValue(LloDecimal value) implements StreamValue {

    public static DecimalValue parse(String text) {
        return new DecimalValue(LloDecimal.parse(text));
    }

    @Override
    public int type() {
        return TYPE_DECIMAL;
    }

    @Override
    public byte[] toBinary() {
        return value.toBinary();
    }
}
