package io.quiver.lake.store;

import java.util.Optional;

/**
 * S3 connection settings. With no endpoint the AWS default endpoint of the region is used; with no
 * keys the AWS default credential chain.
 *
 * @param endpoint     an S3-compatible endpoint (MinIO, S3Proxy, R2 ...), path-style addressing
 * @param region       signing region
 * @param accessKey    static access key
 * @param secretKey    static secret key
 * @param partBytes    multipart upload part size; files larger than one part go multipart
 */
public record S3Settings(Optional<String> endpoint, String region, Optional<String> accessKey, Optional<String> secretKey,
                         long partBytes) {

    public static S3Settings defaults() {
        return new S3Settings(Optional.empty(), "us-east-1", Optional.empty(), Optional.empty(), 16L << 20);
    }
}
