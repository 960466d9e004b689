package io.quiver.lake.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.schema.PrimitiveType;

/**
 * One top-level column of a lake file (a scalar, or a list of scalars) turned into Parquet data
 * pages (format v1: repetition levels, definition levels, values), handed to the row group's page
 * writer, which compresses and buffers them. Levels are kept as plain ints while the page fills and
 * RLE-encoded once when it ends. A page ends at a row boundary after {@code pageBytes} encoded bytes
 * or {@code pageRows} rows.
 */
final class LeafEncoder {

    final ColumnDescriptor descriptor;
    final int source;
    private final PrimitiveType type;
    private final int constant;
    private final boolean nullable;
    private final boolean list;
    private final boolean itemNullable;
    private final int maxDef;
    private final int maxRep;
    private final int pageBytesLimit;
    private final int pageRowsLimit;
    private final LeafValues values;
    /** The writer's buffer in which a page is put together for the page writer (which copies it). */
    private final PageBytes page;
    private PageWriter pages;
    private int[] defs = new int[0];
    private int[] reps = new int[0];
    /** Levels in this page (values and nulls). */
    private int entries;
    private int pageRows;
    private int nulls;
    /** The current batch's validity bits, list offsets and items' validity, read in place (see {@link LeafValues#view}). */
    private ByteBuffer validity = LeafValues.EMPTY;
    private ByteBuffer listOffsets = LeafValues.EMPTY;
    private ByteBuffer itemValidity = LeafValues.EMPTY;

    LeafEncoder(Field field, ColumnDescriptor descriptor, int source, boolean dictionary, int pageBytes, int pageRows, PageBytes page) {
        this.page = page;
        this.descriptor = descriptor;
        this.source = source;
        this.type = descriptor.getPrimitiveType();
        this.constant = FileLayout.constantIndex(source);
        this.nullable = field.isNullable();
        this.list = field.getType() instanceof ArrowType.List;
        this.itemNullable = list && field.getChildren().get(0).isNullable();
        this.maxDef = descriptor.getMaxDefinitionLevel();
        this.maxRep = descriptor.getMaxRepetitionLevel();
        this.pageBytesLimit = pageBytes;
        this.pageRowsLimit = pageRows;
        this.values = LeafValues.of(ParquetSchemas.leafType(field), dictionary);
    }

    /** The row group's page writer for this column, set when a row group starts. */
    void pages(PageWriter p) {
        this.pages = p;
    }

    void begin(VectorSchemaRoot root) {
        if (constant >= 0) {
            return;
        }
        FieldVector vector = root.getVector(source);
        int n = vector.getValueCount();
        if (nullable) {
            validity = bits(vector);
        }
        if (list) {
            ListVector lv = (ListVector) vector;
            listOffsets = n == 0 ? LeafValues.EMPTY : LeafValues.view(lv.getOffsetBuffer(), (n + 1) * 4L);
            FieldVector items = lv.getDataVector();
            if (itemNullable) {
                itemValidity = bits(items);
            }
            values.begin(items);
        } else {
            values.begin(vector);
        }
    }

    private static ByteBuffer bits(FieldVector v) {
        return LeafValues.view(v.getValidityBuffer(), (v.getValueCount() + 7) / 8);
    }

    private static boolean isSet(ByteBuffer bits, int i) {
        return ((bits.get(i >> 3) >> (i & 7)) & 1) != 0;
    }

    /** Writes rows {@code rows[from..to)} of the current batch. */
    void write(int[] rows, int from, int to, long[] constants) throws IOException {
        if (constant >= 0) {
            long v = constants[constant];
            for (int k = from; k < to; k++) {
                level(0, maxDef);
                values.addConstant(v);
                endRow();
            }
        } else if (list) {
            writeLists(rows, from, to);
        } else if (nullable) {
            for (int k = from; k < to; k++) {
                int i = rows[k];
                if (isSet(validity, i)) {
                    level(0, maxDef);
                    values.add(i);
                } else {
                    level(0, 0);
                    nulls++;
                }
                endRow();
            }
        } else {
            for (int k = from; k < to; k++) {
                entries++;
                values.add(rows[k]);
                endRow();
            }
        }
    }

    private void writeLists(int[] rows, int from, int to) throws IOException {
        int emptyDef = nullable ? 1 : 0;
        for (int k = from; k < to; k++) {
            int i = rows[k];
            if (nullable && !isSet(validity, i)) {
                level(0, 0);
                nulls++;
            } else {
                int start = listOffsets.getInt(i * 4);
                int end = listOffsets.getInt(i * 4 + 4);
                if (start == end) {
                    level(0, emptyDef);
                    nulls++;
                }
                for (int j = start; j < end; j++) {
                    int r = j == start ? 0 : 1;
                    if (itemNullable && !isSet(itemValidity, j)) {
                        level(r, maxDef - 1);
                        nulls++;
                    } else {
                        level(r, maxDef);
                        values.add(j);
                    }
                }
            }
            endRow();
        }
    }

    private void level(int r, int d) {
        if (entries == defs.length) {
            int n = Math.max(64, entries * 2);
            defs = Arrays.copyOf(defs, n);
            reps = Arrays.copyOf(reps, n);
        }
        defs[entries] = d;
        reps[entries] = r;
        entries++;
    }

    private void endRow() throws IOException {
        pageRows++;
        if (pageRows >= pageRowsLimit || values.pageBytes() + (entries >> 2) >= pageBytesLimit || values.endPageNow()) {
            flushPage();
        }
    }

    /** Hands the page being built (if any) to the page writer. */
    void flushPage() throws IOException {
        if (entries == 0) {
            return;
        }
        page.reset();
        if (maxRep > 0) {
            levels(reps, maxRep);
        }
        if (maxDef > 0) {
            levels(defs, maxDef);
        }
        values.writeTo(page);
        pages.writePage(BytesInput.from(page.buf, 0, page.size), entries, pageRows, values.statistics(type, nulls),
                maxRep > 0 ? Encoding.RLE : Encoding.BIT_PACKED, maxDef > 0 ? Encoding.RLE : Encoding.BIT_PACKED, values.encoding());
        entries = 0;
        pageRows = 0;
        nulls = 0;
        values.resetPage();
    }

    /** RLE levels with their 4-byte length in front, as a v1 data page holds them. */
    private void levels(int[] levels, int max) {
        int at = page.size;
        page.putIntLE(0);
        RleHybrid.encode(levels, entries, RleHybrid.bitWidth(max), page);
        page.setIntLE(at, page.size - at - 4);
    }

    /** Ends the column chunk: its last page, then its dictionary page (the page writer puts that first in the file). */
    void endChunk() throws IOException {
        flushPage();
        DictionaryPage d = values.endChunk();
        if (d != null) {
            pages.writeDictionaryPage(d);
        }
        defs = new int[0];
        reps = new int[0];
    }

    /** Gives back the copies of the last batch: only between writes, when no batch is being written. */
    void releaseBatch() {
        values.releaseBatch();
        validity = LeafValues.EMPTY;
        itemValidity = LeafValues.EMPTY;
        listOffsets = LeafValues.EMPTY;
    }

    /** Encoded bytes of the page being built. */
    long pageBytes() {
        return values.pageBytes() + entries / 4;
    }

    /** Heap held by this column's buffers (not the page writer's, not the shared page buffer). */
    long allocated() {
        return values.allocated() + 8L * defs.length;
    }
}
