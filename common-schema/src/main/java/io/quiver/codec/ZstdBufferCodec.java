package io.quiver.codec;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;

/**
 * Arrow IPC's ZSTD body compression (the same frames Arrow's own codec writes and reads) with one
 * zstd context per thread, reused buffer after buffer. Arrow's codec calls zstd's one-shot API,
 * which creates and frees a context for every buffer: an IPC stream compresses each column's
 * validity, offset and data buffers apart, and that set-up (allocating and clearing the match
 * tables) was most of the encoding time: for the three ledger tables of a pubnet ledger 2.8 ms
 * with it, 0.7 ms with reused contexts, 0.3 ms uncompressed (2,000 ledgers in the hop of
 * {@code quiver bench tables}).
 *
 * <p>The contexts live as long as their thread (a pipeline's worker is long-lived) and are freed
 * after it; a context holds up to a few hundred KiB of native memory.
 */
final class ZstdBufferCodec extends AbstractCompressionCodec {

    /** Arrow's level for ZSTD (its codec's default): frames compress as before. */
    static final int LEVEL = 3;

    /** Frees a thread's contexts once the thread is gone (request threads of pools come and go). */
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ThreadLocal<ZstdCompressCtx> COMPRESSORS = ThreadLocal.withInitial(() -> {
        ZstdCompressCtx ctx = new ZstdCompressCtx().setLevel(LEVEL);
        CLEANER.register(Thread.currentThread(), ctx::close);
        return ctx;
    });
    private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESSORS = ThreadLocal.withInitial(() -> {
        ZstdDecompressCtx ctx = new ZstdDecompressCtx();
        CLEANER.register(Thread.currentThread(), ctx::close);
        return ctx;
    });
    private static final ThreadLocal<String> DAMAGE = new ThreadLocal<>();
    /** zstd's ZSTD_CONTENTSIZE_UNKNOWN and ZSTD_CONTENTSIZE_ERROR, as signed longs. */
    private static final long CONTENT_SIZE_UNKNOWN = -1;
    private static final long CONTENT_SIZE_ERROR = -2;

    /** The factory for IPC writers and readers: ZSTD through this codec, no compression as Arrow has it. */
    static final CompressionCodec.Factory FACTORY = new CompressionCodec.Factory() {
        @Override
        public CompressionCodec createCodec(CompressionUtil.CodecType type) {
            return switch (type) {
                case ZSTD -> SHARED;
                case NO_COMPRESSION -> CompressionCodec.Factory.INSTANCE.createCodec(type);
                // Quiver never writes LZ4 (IpcCompression); another writer's stream fails with a clear reason
                default -> throw new IllegalArgumentException("Arrow IPC body compression " + type + " is not supported (zstd or none)");
            };
        }

        @Override
        public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
            return createCodec(type);
        }
    };

    /** Stateless itself (the contexts are per thread): one instance serves every stream. */
    private static final ZstdBufferCodec SHARED = new ZstdBufferCodec();

    private ZstdBufferCodec() {
    }

    @Override
    protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf raw) {
        int length = checkedLength(raw.writerIndex());
        int bound = checkedLength(Zstd.compressBound(length));
        ArrowBuf out = allocator.buffer(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + bound);
        try {
            int written = COMPRESSORS.get().compressDirectByteBuffer(
                    out.nioBuffer(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, bound), 0, bound, raw.nioBuffer(0, length), 0, length);
            out.writerIndex(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + written);
            return out;
        } catch (ZstdException | IllegalStateException e) {
            out.close();
            throw new IllegalStateException("zstd compression of a " + length + "-byte Arrow buffer failed: " + e.getMessage(), e);
        }
    }

    /**
     * A damaged frame does not throw: Arrow's loader would leak the buffers it already decompressed
     * for the same column. It is noted here and the column gets an empty buffer; the reader of the
     * stream ({@link ArrowKafkaCodec}) takes the note after each batch and refuses the record, when
     * every buffer has an owner that closes it.
     */
    @Override
    protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf compressed) {
        if (compressed.writerIndex() < CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH) {
            return damaged(allocator, "buffer of " + compressed.writerIndex() + " bytes has no length header");
        }
        long declared = readUncompressedLength(compressed);
        long input = compressed.writerIndex() - CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
        ByteBuffer frame = compressed.nioBuffer(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, (int) Math.min(input, Integer.MAX_VALUE));
        // the frame's header states its content size when its writer knew it (one-shot writers, as Arrow
        // Java's, C++'s and ours; streaming ones may leave it out): a length that disagrees is damage,
        // refused before anything that large is allocated
        long framed;
        try {
            framed = Zstd.getDirectByteBufferFrameContentSize(frame, 0, frame.remaining());
        } catch (ZstdException e) {
            framed = CONTENT_SIZE_ERROR;
        }
        if (declared < 0 || declared > Integer.MAX_VALUE || framed == CONTENT_SIZE_ERROR
                || (framed != CONTENT_SIZE_UNKNOWN && framed != declared)) {
            return damaged(allocator, "buffer header says " + declared + " bytes, its zstd frame "
                    + (framed == CONTENT_SIZE_ERROR ? "has no readable header" : "says " + framed));
        }
        int length = (int) declared;
        ArrowBuf out = allocator.buffer(length);
        try {
            int got = length == 0 ? 0 : DECOMPRESSORS.get().decompressDirectByteBuffer(out.nioBuffer(0, length), 0, length,
                    frame, 0, frame.remaining());
            if (got != length) {
                out.close();
                return damaged(allocator, "zstd frame holds " + got + " bytes, its buffer header says " + length);
            }
        } catch (ZstdException e) {
            out.close();
            return damaged(allocator, "zstd: " + e.getMessage());
        }
        out.writerIndex(length);
        return out;
    }

    private static ArrowBuf damaged(BufferAllocator allocator, String why) {
        if (DAMAGE.get() == null) {
            DAMAGE.set("corrupt zstd Arrow buffer: " + why);
        }
        return allocator.getEmpty();
    }

    /** The first damage seen by this thread's reads since the last call, or null; clears it. */
    static String takeDamage() {
        String d = DAMAGE.get();
        DAMAGE.remove();
        return d;
    }

    @Override
    public CompressionUtil.CodecType getCodecType() {
        return CompressionUtil.CodecType.ZSTD;
    }

    private static int checkedLength(long n) {
        if (n < 0 || n > Integer.MAX_VALUE - CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH) {
            throw new IllegalStateException("Arrow buffer of " + n + " bytes: out of range for zstd (0 to 2 GiB)");
        }
        return (int) n;
    }
}
