package io.quiver.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.quiver.schema.QuiverSchema;
import io.quiver.schema.QuiverSchemas;
import io.quiver.schema.TokenTransferEventSchema;
import io.quiver.testing.ArrowAllocatorExtension;
import io.quiver.testing.RandomRows;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Quiver's ZSTD codec writes the frames Arrow's own codec reads and reads what Arrow's own codec
 * writes (a consumer with a stock Arrow library sees no difference), survives damaged bodies as
 * poison records, and keeps its per-thread contexts apart.
 */
@ExtendWith(ArrowAllocatorExtension.class)
class ZstdBufferCodecTest {

    private static final ArrowKafkaCodec CODEC = ArrowKafkaCodec.defaults();

    @Test
    void everySchemaRoundTripsWithArrowsOwnZstdCodecBothWays(BufferAllocator allocator) throws Exception {
        for (QuiverSchema schema : QuiverSchemas.ALL) {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(schema.arrowSchema(), allocator)) {
                RandomRows.fill(root, 700, schema.name().hashCode() + 1);
                EncodedRecord ours = CODEC.encode(root, BatchLabel.none()).get(0);
                try (ArrowStreamReader stock = new ArrowStreamReader(new ByteArrayInputStream(ours.value()), allocator,
                        CommonsCompressionFactory.INSTANCE)) {
                    assertTrue(stock.loadNextBatch(), schema + ": no batch");
                    assertTrue(root.equals(stock.getVectorSchemaRoot()), schema + ": Arrow's codec reads other values than we wrote");
                }
                byte[] theirs = stockZstdStream(root);
                try (DecodedBatch decoded = CODEC.decode(theirs, null, schema, allocator)) {
                    assertTrue(root.equals(decoded.batches().get(0)), schema + ": we read other values than Arrow's codec wrote");
                }
            }
        }
    }

    @Test
    void framesWithoutAContentSizeAreRead(BufferAllocator allocator) throws Exception {
        // streaming zstd writers (arrow-rs, for one) may leave the frame's content size out
        QuiverSchema schema = TokenTransferEventSchema.SCHEMA;
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema.arrowSchema(), allocator);
             ZstdCompressCtx noSize = new ZstdCompressCtx().setLevel(1).setContentSize(false)) {
            RandomRows.fill(root, 400, 5);
            CompressionCodec writer = new AbstractCompressionCodec() {
                @Override
                protected ArrowBuf doCompress(BufferAllocator a, ArrowBuf raw) {
                    byte[] in = new byte[(int) raw.writerIndex()];
                    raw.getBytes(0, in);
                    byte[] frame = noSize.compress(in);
                    assertEquals(-1, Zstd.getFrameContentSize(frame), "the frame states no size");
                    ArrowBuf out = a.buffer(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + frame.length);
                    out.setBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, frame);
                    out.writerIndex(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + frame.length);
                    return out;
                }

                @Override
                protected ArrowBuf doDecompress(BufferAllocator a, ArrowBuf compressed) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public CompressionUtil.CodecType getCodecType() {
                    return CompressionUtil.CodecType.ZSTD;
                }
            };
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ArrowStreamWriter w = new ArrowStreamWriter(root, null, Channels.newChannel(out), IpcOption.DEFAULT,
                    new CompressionCodec.Factory() {
                        @Override
                        public CompressionCodec createCodec(CompressionUtil.CodecType type) {
                            return writer;
                        }

                        @Override
                        public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
                            return writer;
                        }
                    }, CompressionUtil.CodecType.ZSTD)) {
                w.start();
                w.writeBatch();
                w.end();
            }
            try (DecodedBatch decoded = CODEC.decode(out.toByteArray(), null, schema, allocator)) {
                assertTrue(root.equals(decoded.batches().get(0)), "frames without a content size read as other values");
            }
        }
    }

    @Test
    void aDamagedBodyIsAPoisonRecordAndLeaksNothing(BufferAllocator allocator) {
        QuiverSchema schema = TokenTransferEventSchema.SCHEMA;
        EncodedRecord r;
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema.arrowSchema(), allocator)) {
            RandomRows.fill(root, 300, 11);
            r = CODEC.encode(root, BatchLabel.none()).get(0);
        }
        int poisoned = 0;
        // bytes after the schema message (about 3,000 of them, an odd stride): buffer length headers, zstd
        // frame headers, literals, sequences
        int from = r.value().length / 3;
        int stride = Math.max(1, (r.value().length - from) / 3000) | 1;
        for (int at = from; at < r.value().length; at += stride) {
            byte[] damaged = r.value().clone();
            damaged[at] ^= (byte) 0x5a;
            try (DecodedBatch ignored = CODEC.decode(damaged, r.headers(), schema, allocator)) {
                // a flipped literal can still be a valid frame: other values, same shape
            } catch (PoisonRecordException e) {
                poisoned++;
                assertTrue(!e.getMessage().contains("\n") && e.getMessage().length() < 400, e.getMessage());
            } catch (RuntimeException e) {
                fail("byte " + at + " flipped: " + e + " escaped instead of a PoisonRecordException");
            }
        }
        assertTrue(poisoned > 0, "no damaged body was refused");
        assertEquals(0, allocator.getAllocatedMemory());
    }

    @Test
    void threadsEncodingAndDecodingAtOnceGetTheirOwnResults(BufferAllocator allocator) throws Exception {
        QuiverSchema schema = TokenTransferEventSchema.SCHEMA;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema.arrowSchema(), allocator)) {
                            RandomRows.fill(root, 50 + 37 * seed + i, 1000 * seed + i);
                            EncodedRecord r = CODEC.encode(root, BatchLabel.none()).get(0);
                            try (DecodedBatch d = CODEC.decode(r.value(), r.headers(), schema, allocator)) {
                                assertTrue(root.equals(d.batches().get(0)), "thread " + seed + " batch " + i + " differs");
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] stockZstdStream(VectorSchemaRoot root) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArrowStreamWriter w = new ArrowStreamWriter(root, null, Channels.newChannel(out), IpcOption.DEFAULT,
                CommonsCompressionFactory.INSTANCE, CompressionUtil.CodecType.ZSTD)) {
            w.start();
            w.writeBatch();
            w.end();
        }
        return out.toByteArray();
    }
}
