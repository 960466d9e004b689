package io.quiver.lake.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A lake under {@code s3://bucket/prefix}. An S3 object appears whole or not at all, so a finished
 * file is uploaded straight (in parts past {@link S3Settings#partBytes()}); a log entry is created
 * with a conditional put ({@code If-None-Match: *}, which S3 has honoured since 2024). A server that
 * ignores the condition is detected by reading the entry back: if it is not ours, the commit is
 * treated as lost, so an S3-compatible store without conditional writes still never gets a second
 * entry at one version from this sink, though two racing sinks could overwrite each other's there.
 */
final class S3LakeStore implements LakeStore {

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final Path spool;
    private final long partBytes;
    private final String location;

    S3LakeStore(String location, S3Settings s, Path spool) throws IOException {
        URI uri = URI.create(location);
        this.location = location;
        this.bucket = uri.getHost();
        String p = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
        this.spool = Files.createDirectories(spool);
        this.partBytes = Math.max(5L << 20, s.partBytes());
        AwsCredentialsProvider credentials = s.accessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey().get(), s.secretKey().orElse("")))
                : DefaultCredentialsProvider.builder().build();
        var builder = S3Client.builder()
                .region(Region.of(s.region()))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build());
        s.endpoint().ifPresent(e -> builder.endpointOverride(URI.create(e)).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        this.client = builder.build();
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public Path spool() {
        return spool;
    }

    private String key(String k) {
        return prefix + k;
    }

    @Override
    public void upload(Path local, String k) throws IOException {
        long size = Files.size(local);
        try {
            if (size <= partBytes) {
                client.putObject(b -> b.bucket(bucket).key(key(k)), RequestBody.fromFile(local));
            } else {
                multipart(local, k, size);
            }
        } catch (SdkException e) {
            throw new IOException("upload of " + k + " to " + location + " failed: " + e.getMessage(), e);
        }
        Files.delete(local);
    }

    private void multipart(Path local, String k, long size) throws IOException {
        String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key(k))).uploadId();
        try (InputStream in = Files.newInputStream(local)) {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buf = new byte[(int) partBytes];
            int number = 1;
            for (long sent = 0; sent < size; number++) {
                int n = in.readNBytes(buf, 0, (int) Math.min(partBytes, size - sent));
                final int partNumber = number;
                String etag = client.uploadPart(b -> b.bucket(bucket).key(key(k)).uploadId(uploadId).partNumber(partNumber),
                        RequestBody.fromBytes(n == buf.length ? buf : java.util.Arrays.copyOf(buf, n))).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                sent += n;
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key(k)).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (IOException | SdkException e) {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key(k)).uploadId(uploadId));
            throw e;
        }
    }

    @Override
    public boolean createIfAbsent(String k, byte[] data) throws IOException {
        try {
            if (exists(k)) {
                return false;
            }
            client.putObject(b -> b.bucket(bucket).key(key(k)).ifNoneMatch("*"), RequestBody.fromBytes(data));
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw new IOException("write of " + k + " to " + location + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("write of " + k + " to " + location + " failed: " + e.getMessage(), e);
        }
        return get(k).map(stored -> java.util.Arrays.equals(stored, data)).orElse(false);
    }

    @Override
    public void put(String k, byte[] data) throws IOException {
        try {
            client.putObject(b -> b.bucket(bucket).key(key(k)), RequestBody.fromBytes(data));
        } catch (SdkException e) {
            throw new IOException("write of " + k + " to " + location + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> get(String k) throws IOException {
        try {
            return Optional.of(client.getObjectAsBytes(b -> b.bucket(bucket).key(key(k))).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new IOException("read of " + k + " from " + location + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("read of " + k + " from " + location + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String k) throws IOException {
        try {
            client.headObject(b -> b.bucket(bucket).key(key(k)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("stat of " + k + " at " + location + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("stat of " + k + " at " + location + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void move(String from, String to) throws IOException {
        try {
            client.copyObject(b -> b.sourceBucket(bucket).sourceKey(key(from)).destinationBucket(bucket).destinationKey(key(to)));
            client.deleteObject(b -> b.bucket(bucket).key(key(from)));
        } catch (SdkException e) {
            throw new IOException("move of " + from + " to " + to + " at " + location + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String k) throws IOException {
        try {
            client.deleteObject(b -> b.bucket(bucket).key(key(k)));
        } catch (SdkException e) {
            throw new IOException("delete of " + k + " at " + location + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredObject> list(String p) throws IOException {
        List<StoredObject> out = new ArrayList<>();
        String token = null;
        try {
            do {
                ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket).prefix(key(p));
                if (token != null) {
                    req.continuationToken(token);
                }
                ListObjectsV2Response r = client.listObjectsV2(req.build());
                for (S3Object o : r.contents()) {
                    if (o.key().endsWith("/")) {
                        continue; // a folder marker (consoles and some servers make them), not a file
                    }
                    out.add(new StoredObject(o.key().substring(prefix.length()), o.size(), o.lastModified().toEpochMilli()));
                }
                token = r.isTruncated() ? r.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw new IOException("list of " + p + " at " + location + " failed: " + e.getMessage(), e);
        }
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return out;
    }

    @Override
    public Path localCopy(String k) throws IOException {
        Path local = Files.createTempFile(spool, "read-", ".tmp");
        Files.delete(local);
        try {
            client.getObject(b -> b.bucket(bucket).key(key(k)), local);
        } catch (SdkException e) {
            throw new IOException("download of " + k + " from " + location + " failed: " + e.getMessage(), e);
        }
        return local;
    }

    @Override
    public void releaseLocalCopy(Path copy) throws IOException {
        Files.deleteIfExists(copy);
    }

    @Override
    public void close() {
        client.close();
    }
}
