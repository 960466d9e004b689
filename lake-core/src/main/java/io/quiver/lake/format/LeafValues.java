package io.quiver.lake.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.schema.PrimitiveType;

/**
 * The values of one leaf column, encoded straight from an Arrow vector's buffers into the bytes of
 * the page being built, with the page's statistics kept on the way. {@link #begin} is called once
 * per batch and copies what the batch needs to the heap in bulk; {@link #add} is then a read from an
 * array and an append. PLAIN for numbers, booleans and mostly-distinct strings, a dictionary for the
 * other strings and binaries (see {@link ParquetLakeWriter}).
 */
abstract class LeafValues {

    /** This page's encoded values. */
    final PageBytes out = new PageBytes();
    /** Non-null values in this page. */
    int count;

    /** Called once per batch before {@link #add}. */
    abstract void begin(FieldVector vector);

    /** Appends the non-null value at {@code index} of the current batch. */
    abstract void add(int index);

    /** Appends a value given per call (a file's constant columns: partition, offset, timestamp). */
    void addConstant(long v) {
        throw new IllegalStateException(getClass().getSimpleName() + " has no constant values");
    }

    Encoding encoding() {
        return Encoding.PLAIN;
    }

    /** The encoded size of the page so far, for the page-size limit. */
    int pageBytes() {
        return out.size;
    }

    /** True when the page must end now (a full dictionary). */
    boolean endPageNow() {
        return false;
    }

    /** Appends the page's value section to {@code page}. */
    void writeTo(PageBytes page) {
        page.putAll(out);
    }

    /** The page's statistics ({@code nulls} of its entries null). */
    abstract Statistics<?> statistics(PrimitiveType type, int nulls);

    /** Starts the next page of the same column chunk. */
    void resetPage() {
        out.reset();
        count = 0;
    }

    /**
     * The column chunk's dictionary page (null if none) once its last page is written; starts the
     * next chunk afresh, giving back the buffers this one grew to (the next grows them again).
     */
    DictionaryPage endChunk() {
        out.release();
        return null;
    }

    long allocated() {
        return out.allocated();
    }

    /** Gives back the copies of the last batch (only between writes). */
    void releaseBatch() {
    }

    static Statistics<?> statistics(PrimitiveType type, byte[] min, byte[] max, int nulls) {
        Statistics.Builder b = Statistics.getBuilderForReading(type).withNumNulls(nulls);
        if (min != null) {
            b.withMin(min).withMax(max);
        }
        return b.build();
    }

    /** The encoder for values of Arrow type {@code t} (throws for a type the lake does not write). */
    static LeafValues of(ArrowType t, boolean dictionary) {
        if (t instanceof ArrowType.Int i) {
            return switch (i.getBitWidth()) {
                case 8, 16, 32, 64 -> new Integers(i.getBitWidth(), i.getIsSigned());
                default -> throw new IllegalArgumentException("integer width " + i.getBitWidth());
            };
        }
        if (t instanceof ArrowType.Timestamp) {
            return new Integers(64, true);
        }
        if (t instanceof ArrowType.Bool) {
            return new Bool();
        }
        if (t instanceof ArrowType.Decimal) {
            return new Decimal128();
        }
        if (t instanceof ArrowType.FixedSizeBinary b) {
            return dictionary ? new Dictionary(b.getByteWidth(), false) : new PlainBytes(b.getByteWidth(), false);
        }
        if (t instanceof ArrowType.Utf8 || t instanceof ArrowType.Binary) {
            return dictionary ? new Dictionary(0, false) : new PlainBytes(0, false);
        }
        if (t instanceof ArrowType.LargeUtf8 || t instanceof ArrowType.LargeBinary) {
            return dictionary ? new Dictionary(0, true) : new PlainBytes(0, true);
        }
        throw new IllegalArgumentException("Arrow type " + t + " has no lake mapping");
    }

    static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    static ByteBuffer littleEndian(ArrowBuf b, long bytes) {
        return b.nioBuffer(0, Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A little-endian view of the first {@code bytes} of an Arrow buffer, read in place during one
     * write (no copy; bounds-checked by the buffer). Dropped after the write: the batch is the caller's.
     */
    static ByteBuffer view(ArrowBuf b, long bytes) {
        return bytes == 0 ? EMPTY : littleEndian(b, bytes);
    }

    /**
     * INT32 (from 8, 16 and 32-bit integers) and INT64 (64-bit integers, timestamps), with min/max
     * in the order their annotation gives: values are compared as longs, narrower unsigned ones
     * zero-extended and unsigned 64-bit ones with the sign bit flipped.
     */
    static final class Integers extends LeafValues {
        /** The Arrow width in bits: 8, 16, 32 or 64. */
        private final int width;
        private final boolean signed;
        /** XORed into a value before comparing: turns the unsigned 64-bit order into the signed one. */
        private final long flip;
        private ByteBuffer data = EMPTY;
        private long min = Long.MAX_VALUE;
        private long max = Long.MIN_VALUE;

        Integers(int width, boolean signed) {
            this.width = width;
            this.signed = signed;
            this.flip = width == 64 && !signed ? Long.MIN_VALUE : 0;
        }

        @Override
        void begin(FieldVector v) {
            data = view(v.getDataBuffer(), (long) v.getValueCount() * width / 8);
        }

        @Override
        void add(int index) {
            put(switch (width) {
                case 8 -> signed ? data.get(index) : data.get(index) & 0xFF;
                case 16 -> signed ? data.getShort(index * 2) : data.getShort(index * 2) & 0xFFFF;
                case 32 -> widen(data.getInt(index * 4));
                default -> data.getLong(index * 8);
            });
        }

        @Override
        void addConstant(long v) {
            put(width == 64 ? v : widen((int) v));
        }

        /** A 32-bit value as it is compared: zero-extended when its column is unsigned 32-bit. */
        private long widen(int v) {
            return width == 32 && !signed ? v & 0xFFFFFFFFL : v;
        }

        private void put(long x) {
            if (width == 64) {
                out.putLongLE(x);
            } else {
                out.putIntLE((int) x);
            }
            long f = x ^ flip;
            if (f < min) {
                min = f;
            }
            if (f > max) {
                max = f;
            }
            count++;
        }

        @Override
        Statistics<?> statistics(PrimitiveType type, int nulls) {
            if (count == 0) {
                return LeafValues.statistics(type, null, null, nulls);
            }
            int bytes = width == 64 ? 8 : 4;
            return LeafValues.statistics(type, littleEndianBytes(min ^ flip, bytes), littleEndianBytes(max ^ flip, bytes), nulls);
        }

        @Override
        void resetPage() {
            super.resetPage();
            min = Long.MAX_VALUE;
            max = Long.MIN_VALUE;
        }

        @Override
        void releaseBatch() {
            data = EMPTY;
        }

        private static byte[] littleEndianBytes(long v, int n) {
            byte[] b = new byte[n];
            for (int k = 0; k < n; k++) {
                b[k] = (byte) (v >>> (8 * k));
            }
            return b;
        }
    }

    /** BOOLEAN, PLAIN: one bit per value, least significant first. */
    static final class Bool extends LeafValues {
        private ByteBuffer bits = EMPTY;
        private boolean seenFalse;
        private boolean seenTrue;

        @Override
        void begin(FieldVector v) {
            bits = view(v.getDataBuffer(), (v.getValueCount() + 7) / 8);
        }

        @Override
        void add(int index) {
            boolean b = ((bits.get(index >> 3) >> (index & 7)) & 1) == 1;
            if ((count & 7) == 0) {
                out.putByte(0);
            }
            if (b) {
                out.buf[out.size - 1] |= (byte) (1 << (count & 7));
                seenTrue = true;
            } else {
                seenFalse = true;
            }
            count++;
        }

        @Override
        void releaseBatch() {
            bits = EMPTY;
        }

        @Override
        Statistics<?> statistics(PrimitiveType type, int nulls) {
            if (count == 0) {
                return LeafValues.statistics(type, null, null, nulls);
            }
            return LeafValues.statistics(type, new byte[] {(byte) (seenFalse ? 0 : 1)}, new byte[] {(byte) (seenTrue ? 1 : 0)}, nulls);
        }

        @Override
        void resetPage() {
            super.resetPage();
            seenFalse = false;
            seenTrue = false;
        }
    }

    /**
     * DECIMAL(38, s) as 16-byte FIXED_LEN_BYTE_ARRAY: Arrow keeps two's complement little-endian,
     * Parquet big-endian. Compared as (high word signed, low word unsigned), the value's order.
     */
    static final class Decimal128 extends LeafValues {
        private ByteBuffer data = EMPTY;
        private long minHi = Long.MAX_VALUE;
        private long minLo = -1;
        private long maxHi = Long.MIN_VALUE;
        private long maxLo;

        @Override
        void begin(FieldVector v) {
            data = view(v.getDataBuffer(), v.getValueCount() * 16L);
        }

        @Override
        void add(int index) {
            long lo = data.getLong(index * 16);
            long hi = data.getLong(index * 16 + 8);
            out.ensure(16);
            out.putLongBE(hi);
            out.putLongBE(lo);
            if (hi < minHi || hi == minHi && Long.compareUnsigned(lo, minLo) < 0) {
                minHi = hi;
                minLo = lo;
            }
            if (hi > maxHi || hi == maxHi && Long.compareUnsigned(lo, maxLo) > 0) {
                maxHi = hi;
                maxLo = lo;
            }
            count++;
        }

        @Override
        Statistics<?> statistics(PrimitiveType type, int nulls) {
            if (count == 0) {
                return LeafValues.statistics(type, null, null, nulls);
            }
            return LeafValues.statistics(type, be16(minHi, minLo), be16(maxHi, maxLo), nulls);
        }

        @Override
        void resetPage() {
            super.resetPage();
            minHi = Long.MAX_VALUE;
            minLo = -1;
            maxHi = Long.MIN_VALUE;
            maxLo = 0;
        }

        @Override
        void releaseBatch() {
            data = EMPTY;
        }

        private static byte[] be16(long hi, long lo) {
            byte[] b = new byte[16];
            for (int k = 0; k < 8; k++) {
                b[k] = (byte) (hi >>> (56 - 8 * k));
                b[8 + k] = (byte) (lo >>> (56 - 8 * k));
            }
            return b;
        }
    }

    /** The batch's bytes and value boundaries of a string, binary or fixed-size binary vector. */
    abstract static class BytesValues extends LeafValues {
        final int fixedWidth;
        final boolean large;
        byte[] data = new byte[0];
        int[] offsets = new int[0];

        BytesValues(int fixedWidth, boolean large) {
            this.fixedWidth = fixedWidth;
            this.large = large;
        }

        @Override
        void begin(FieldVector v) {
            int n = v.getValueCount();
            long end;
            if (fixedWidth > 0) {
                end = (long) n * fixedWidth;
            } else {
                if (offsets.length < n + 1) {
                    offsets = new int[Math.max(n + 1, offsets.length * 2)];
                }
                if (n == 0) {
                    end = 0;
                } else if (large) {
                    ArrowBuf o = v.getOffsetBuffer();
                    for (int i = 0; i <= n; i++) {
                        offsets[i] = Math.toIntExact(o.getLong((long) i * 8));
                    }
                    end = offsets[n];
                } else {
                    littleEndian(v.getOffsetBuffer(), (n + 1) * 4L).asIntBuffer().get(offsets, 0, n + 1);
                    end = offsets[n];
                }
            }
            if (data.length < end) {
                data = new byte[Math.toIntExact(Math.max(end, data.length * 2L))];
            }
            v.getDataBuffer().getBytes(0, data, 0, (int) end);
        }

        @Override
        long allocated() {
            return super.allocated() + data.length + 4L * offsets.length;
        }

        @Override
        void releaseBatch() {
            data = new byte[0];
            offsets = new int[0];
        }

        int start(int i) {
            return fixedWidth > 0 ? i * fixedWidth : offsets[i];
        }

        int length(int i) {
            return fixedWidth > 0 ? fixedWidth : offsets[i + 1] - offsets[i];
        }

        /** PLAIN: BYTE_ARRAY with its 4-byte length, FIXED_LEN_BYTE_ARRAY as it is. */
        void putPlain(PageBytes to, byte[] src, int s, int len) {
            if (fixedWidth > 0) {
                to.put(src, s, len);
            } else {
                to.putLengthPrefixed(src, s, len);
            }
        }
    }

    /**
     * Mostly-distinct strings and binaries (ids, hashes, addresses), PLAIN and without min/max: the
     * min/max of random or text-ordered ids would cost a comparison per value and prune nothing.
     */
    static final class PlainBytes extends BytesValues {

        PlainBytes(int fixedWidth, boolean large) {
            super(fixedWidth, large);
        }

        @Override
        void add(int index) {
            putPlain(out, data, start(index), length(index));
            count++;
        }

        @Override
        Statistics<?> statistics(PrimitiveType type, int nulls) {
            return Statistics.noopStats(type);
        }
    }

    /**
     * Dictionary encoding of low-cardinality strings and binaries (types, asset codes, contracts):
     * values are looked up by their bytes in an open-addressing table, pages hold RLE / bit-packed
     * ids, and min/max come from the entries a page uses (compared once per entry and page, not
     * once per value). When the dictionary outgrows {@link #MAX_DICTIONARY_BYTES} the page ends and
     * the rest of the column chunk is written PLAIN (with min/max per value), as Parquet allows.
     */
    static final class Dictionary extends BytesValues {
        static final int MAX_DICTIONARY_BYTES = 1 << 20;
        private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

        /** The entries, PLAIN-encoded in id order: the dictionary page. */
        private final PageBytes entries = new PageBytes();
        private int[] entryStart = new int[0];
        private int[] entryLength = new int[0];
        private int[] entryHash = new int[0];
        private int size;
        /** id + 1 per slot, 0 for free; allocated at the first value. */
        private int[] table = new int[0];
        private int[] ids = new int[0];
        /** The page number in which each entry was last used, to compare it once per page. */
        private int[] usedInPage = new int[0];
        private int page = 1;
        private int minId = -1;
        private int maxId = -1;
        private boolean full;
        private boolean plain;
        private byte[] plainMin;
        private byte[] plainMax;

        Dictionary(int fixedWidth, boolean large) {
            super(fixedWidth, large);
        }

        @Override
        void add(int index) {
            int s = start(index);
            int len = length(index);
            if (plain) {
                addPlain(s, len);
                return;
            }
            int id = lookup(s, len);
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, Math.max(64, count * 2));
            }
            ids[count++] = id;
            if (usedInPage[id] != page) {
                usedInPage[id] = page;
                if (minId < 0 || compare(id, minId) < 0) {
                    minId = id;
                }
                if (maxId < 0 || compare(id, maxId) > 0) {
                    maxId = id;
                }
            }
        }

        private void addPlain(int s, int len) {
            putPlain(out, data, s, len);
            if (plainMin == null || Arrays.compareUnsigned(data, s, s + len, plainMin, 0, plainMin.length) < 0) {
                plainMin = Arrays.copyOfRange(data, s, s + len);
            }
            if (plainMax == null || Arrays.compareUnsigned(data, s, s + len, plainMax, 0, plainMax.length) > 0) {
                plainMax = Arrays.copyOfRange(data, s, s + len);
            }
            count++;
        }

        private int lookup(int s, int len) {
            int h = hash(data, s, len);
            if (table.length == 0) {
                table = new int[64];
            }
            int mask = table.length - 1;
            int slot = h & mask;
            while (true) {
                int e = table[slot] - 1;
                if (e < 0) {
                    break;
                }
                if (entryHash[e] == h && entryLength[e] == len
                        && Arrays.equals(entries.buf, entryStart[e], entryStart[e] + len, data, s, s + len)) {
                    return e;
                }
                slot = (slot + 1) & mask;
            }
            int id = size++;
            if (id == entryStart.length) {
                int n = Math.max(16, id * 2);
                entryStart = Arrays.copyOf(entryStart, n);
                entryLength = Arrays.copyOf(entryLength, n);
                entryHash = Arrays.copyOf(entryHash, n);
                usedInPage = Arrays.copyOf(usedInPage, n);
            }
            putPlain(entries, data, s, len);
            entryStart[id] = entries.size - len;
            entryLength[id] = len;
            entryHash[id] = h;
            table[slot] = id + 1;
            if (size * 2 > table.length) {
                rehash();
            }
            if (entries.size > MAX_DICTIONARY_BYTES) {
                full = true;
            }
            return id;
        }

        private void rehash() {
            table = new int[table.length * 2];
            int mask = table.length - 1;
            for (int e = 0; e < size; e++) {
                int slot = entryHash[e] & mask;
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = e + 1;
            }
        }

        private int compare(int a, int b) {
            return Arrays.compareUnsigned(entries.buf, entryStart[a], entryStart[a] + entryLength[a],
                    entries.buf, entryStart[b], entryStart[b] + entryLength[b]);
        }

        /** A multiplicative hash of eight bytes at a time; the table takes its low bits, so the high ones are folded in. */
        private static int hash(byte[] b, int s, int len) {
            long h = len * 0x9E3779B97F4A7C15L;
            int i = s;
            int end = s + len;
            for (; i + 8 <= end; i += 8) {
                h = (h ^ (long) LONG_LE.get(b, i)) * 0x9E3779B97F4A7C15L;
                h ^= h >>> 29;
            }
            for (; i < end; i++) {
                h = (h ^ (b[i] & 0xFF)) * 0x100000001B3L;
            }
            h *= 0xBF58476D1CE4E5B9L;
            return (int) (h ^ (h >>> 32));
        }

        @Override
        Encoding encoding() {
            return plain || count == 0 ? Encoding.PLAIN : Encoding.PLAIN_DICTIONARY;
        }

        @Override
        int pageBytes() {
            return plain ? out.size : count * RleHybrid.bitWidth(size) / 8;
        }

        @Override
        boolean endPageNow() {
            return full && !plain;
        }

        @Override
        void writeTo(PageBytes pageBytes) {
            if (plain) {
                pageBytes.putAll(out);
            } else if (count > 0) {
                int width = RleHybrid.bitWidth(size - 1);
                pageBytes.putByte(width);
                RleHybrid.encode(ids, count, width, pageBytes);
            }
        }

        @Override
        Statistics<?> statistics(PrimitiveType type, int nulls) {
            if (count == 0) {
                return LeafValues.statistics(type, null, null, nulls);
            }
            if (plain) {
                return LeafValues.statistics(type, plainMin, plainMax, nulls);
            }
            return LeafValues.statistics(type, entry(minId), entry(maxId), nulls);
        }

        private byte[] entry(int id) {
            return Arrays.copyOfRange(entries.buf, entryStart[id], entryStart[id] + entryLength[id]);
        }

        @Override
        void resetPage() {
            super.resetPage();
            page++;
            minId = -1;
            maxId = -1;
            plainMin = null;
            plainMax = null;
            if (full) {
                plain = true;
            }
        }

        @Override
        DictionaryPage endChunk() {
            DictionaryPage p = size == 0 ? null : new DictionaryPage(BytesInput.from(entries.toArray()), size, Encoding.PLAIN_DICTIONARY);
            super.endChunk();
            entries.release();
            entryStart = new int[0];
            entryLength = new int[0];
            entryHash = new int[0];
            table = new int[0];
            ids = new int[0];
            usedInPage = new int[0];
            size = 0;
            page = 1;
            full = false;
            plain = false;
            return p;
        }

        @Override
        long allocated() {
            return super.allocated() + entries.allocated() + 4L * (ids.length + table.length + 4L * entryStart.length);
        }
    }
}
