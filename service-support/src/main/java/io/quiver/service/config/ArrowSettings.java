package io.quiver.service.config;

import io.quiver.codec.IpcCompression;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Arrow settings shared by every service ({@code quiver.arrow.*}). */
@ConfigMapping(prefix = "quiver.arrow")
public interface ArrowSettings {

    /** Upper bound of all Arrow memory of the service, in bytes (default 1 GiB). */
    @WithDefault("1073741824")
    long memoryLimitBytes();

    /** IPC body compression of published records: {@code zstd} or {@code none} (LZ4 is refused). */
    @WithDefault("zstd")
    IpcCompression compression();

    /**
     * Largest Kafka record the codec writes, in bytes; bigger batches are split by rows. Keep it
     * under the broker's {@code message.max.bytes} and the producer's {@code max.request.size}.
     */
    @WithDefault("7340032")
    int maxRecordBytes();
}
