package io.quiver.lake.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** parquet-java's output over our own channel, so that the file can be forced to the device. */
record ChannelOutputFile(FileChannel channel, Path path) implements OutputFile {
    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return new PositionOutputStream() {
            private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);

            @Override
            public long getPos() throws IOException {
                return channel.position() + buffer.position();
            }

            @Override
            public void write(int b) throws IOException {
                if (!buffer.hasRemaining()) {
                    drain();
                }
                buffer.put((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > buffer.remaining()) {
                    drain();
                    if (len > buffer.capacity()) {
                        ByteBuffer wrap = ByteBuffer.wrap(b, off, len);
                        while (wrap.hasRemaining()) {
                            channel.write(wrap);
                        }
                        return;
                    }
                }
                buffer.put(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                drain();
            }

            @Override
            public void close() throws IOException {
                drain();
            }

            private void drain() throws IOException {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                buffer.clear();
            }
        };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return path.toString();
    }
}
