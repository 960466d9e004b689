package io.quiver.lake.format;

/**
 * Parquet's RLE / bit-packing hybrid encoding of small integers (repetition and definition levels,
 * dictionary ids): a run of eight or more equal values becomes one RLE run, anything else is
 * bit-packed in groups of eight. Encoded in one pass over a page's values once the page is
 * complete, which is cheaper than parquet-java's value-at-a-time state machine.
 */
final class RleHybrid {

    /** Readers such as parquet-java reserve one header byte for a bit-packed run: at most 63 groups. */
    private static final int MAX_GROUPS = 63;

    private RleHybrid() {
    }

    /** The bits needed for values up to {@code max} (at least 1). */
    static int bitWidth(int max) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(max));
    }

    /** Appends the encoding of {@code values[0..n)} at {@code width} bits each. */
    static void encode(int[] values, int n, int width, PageBytes out) {
        int valueBytes = (width + 7) >>> 3;
        int i = 0;
        while (i < n) {
            int run = runLength(values, i, n);
            if (run >= 8) {
                out.putVarInt(run << 1);
                int v = values[i];
                out.ensure(valueBytes);
                for (int b = 0; b < valueBytes; b++) {
                    out.buf[out.size++] = (byte) (v >>> (8 * b));
                }
                i += run;
                continue;
            }
            // groups of eight until a long run starts at a group boundary (the last group is padded with zeros)
            int start = i;
            int groups = 0;
            do {
                i += 8;
                groups++;
            } while (i < n && groups < MAX_GROUPS && runLength(values, i, n) < 8);
            out.putVarInt(groups << 1 | 1);
            pack(values, start, Math.min(i, n), groups * 8, width, out);
            i = Math.min(i, n);
        }
    }

    /** How many values from {@code i} on equal {@code values[i]}. */
    private static int runLength(int[] values, int i, int n) {
        int v = values[i];
        int j = i + 1;
        while (j < n && values[j] == v) {
            j++;
        }
        return j - i;
    }

    /** Bit-packs {@code values[from..to)} padded with zeros to {@code count} values, least significant bit first. */
    private static void pack(int[] values, int from, int to, int count, int width, PageBytes out) {
        out.ensure(count * width / 8 + 8);
        byte[] b = out.buf;
        int pos = out.size;
        long acc = 0;
        int bits = 0;
        for (int k = 0; k < count; k++) {
            long v = from + k < to ? values[from + k] & 0xFFFFFFFFL : 0;
            acc |= v << bits;
            bits += width;
            while (bits >= 8) {
                b[pos++] = (byte) acc;
                acc >>>= 8;
                bits -= 8;
            }
        }
        out.size = pos;
    }
}
