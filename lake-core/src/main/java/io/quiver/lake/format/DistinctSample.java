package io.quiver.lake.format;

import java.util.HashSet;
import java.util.Set;

import org.apache.arrow.vector.FieldVector;

/** Whether a column's values are mostly distinct, judged on up to {@value #SAMPLE} evenly spaced rows. */
final class DistinctSample {

    static final int SAMPLE = 2048;

    private DistinctSample() {
    }

    static boolean mostlyDistinct(FieldVector v) {
        int n = v.getValueCount();
        if (n < 64) {
            return false;
        }
        int step = Math.max(1, n / SAMPLE);
        Set<Object> seen = new HashSet<>();
        int sampled = 0;
        for (int i = 0; i < n; i += step) {
            Object o = v.getObject(i);
            if (o == null) {
                continue;
            }
            seen.add(o instanceof byte[] b ? java.nio.ByteBuffer.wrap(b) : o.toString());
            sampled++;
        }
        return sampled > 0 && seen.size() * 2 > sampled;
    }
}
