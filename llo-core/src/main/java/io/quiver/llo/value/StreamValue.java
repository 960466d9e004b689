package io.quiver.llo.value;

/**
 * One observed value of a stream: a decimal, a quote, or a timestamped decimal. {@link #type()} is
 * the LLO type code (0, 1, 2), {@link #toBinary()} the exact bytes LLO nodes compare (mode counts
 * by them).
 */
public sealed interface StreamValue permits DecimalValue, QuoteValue, TimestampedValue {

    int TYPE_DECIMAL = 0;
    int TYPE_QUOTE = 1;
    int TYPE_TIMESTAMPED = 2;

    int type();

    byte[] toBinary();
}
