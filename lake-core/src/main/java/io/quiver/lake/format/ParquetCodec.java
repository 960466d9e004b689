package io.quiver.lake.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;

import com.github.luben.zstd.Zstd;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * The page codecs the lake writes. Compression is done here rather than through parquet-hadoop's
 * CodecFactory, which goes through Hadoop's codec classes and configuration; these are the same
 * wire formats (Parquet's ZSTD is a zstd frame, SNAPPY a raw snappy block, GZIP a gzip member).
 */
public enum ParquetCodec {
    ZSTD(CompressionCodecName.ZSTD),
    SNAPPY(CompressionCodecName.SNAPPY),
    GZIP(CompressionCodecName.GZIP),
    NONE(CompressionCodecName.UNCOMPRESSED);

    /** zstd level 3: zstd's own default, the usual speed/size balance for lakes. */
    static final int ZSTD_LEVEL = 3;

    private final CompressionCodecName parquetName;

    ParquetCodec(CompressionCodecName parquetName) {
        this.parquetName = parquetName;
    }

    public CompressionCodecName parquetName() {
        return parquetName;
    }

    /** These codecs as parquet-java's codec factory (compression only), for writers other than ours. */
    public org.apache.parquet.compression.CompressionCodecFactory codecFactory() {
        BytesInputCompressor c = compressor();
        return new org.apache.parquet.compression.CompressionCodecFactory() {
            @Override
            public BytesInputCompressor getCompressor(CompressionCodecName name) {
                return c;
            }

            @Override
            public BytesInputDecompressor getDecompressor(CompressionCodecName name) {
                throw new UnsupportedOperationException("the lake's codecs only compress");
            }

            @Override
            public void release() {
            }
        };
    }

    BytesInputCompressor compressor() {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                if (ParquetCodec.this == NONE) {
                    return bytes;
                }
                byte[] raw = bytes.toByteArray();
                return BytesInput.from(switch (ParquetCodec.this) {
                    case ZSTD -> Zstd.compress(raw, ZSTD_LEVEL);
                    case SNAPPY -> Snappy.compress(raw);
                    case GZIP -> gzip(raw);
                    case NONE -> raw;
                });
            }

            @Override
            public CompressionCodecName getCodecName() {
                return parquetName;
            }

            @Override
            public void release() {
            }
        };
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
