package io.quiver.ingest.source.datalake;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A data lake in an S3-compatible bucket, read with the AWS SDK's S3 client. Anonymous access
 * reads public buckets such as {@code s3://aws-public-blockchain/v1.1/stellar/ledgers/pubnet};
 * otherwise the SDK's default credential chain applies (environment, profile, instance role).
 */
public final class S3ObjectStore implements ObjectStore {

    /** How to reach the bucket. {@code endpoint} is for S3-compatible servers (path-style access). */
    public record Settings(String bucket, String prefix, String region, Optional<URI> endpoint, boolean anonymous) {
    }

    private final S3Client client;
    private final String bucket;
    private final String prefix;

    public S3ObjectStore(Settings s) {
        AwsCredentialsProvider credentials = s.anonymous() ? AnonymousCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
        var builder = S3Client.builder()
                .region(Region.of(s.region()))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build());
        s.endpoint().ifPresent(e -> builder.endpointOverride(e).forcePathStyle(true)
                // S3-compatible servers often lack the SDK's newer default checksum trailers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        this.client = builder.build();
        this.bucket = s.bucket();
        this.prefix = s.prefix().isEmpty() || s.prefix().endsWith("/") ? s.prefix() : s.prefix() + "/";
    }

    /** Parses {@code s3://bucket/some/prefix} into bucket and prefix. */
    public static Settings parse(String uri, String region, Optional<URI> endpoint, boolean anonymous) {
        if (!uri.startsWith("s3://")) {
            throw new IllegalArgumentException("'" + uri + "' is not an s3://bucket/prefix location");
        }
        String rest = uri.substring(5);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("'" + uri + "' names no bucket");
        }
        return new Settings(bucket, prefix, region, endpoint, anonymous);
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return client.getObjectAsBytes(r -> r.bucket(bucket).key(prefix + key)).asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw new IOException(describeKey(key) + ": " + e.statusCode() + " " + firstLine(e), e);
        } catch (SdkException e) {
            throw new IOException(describeKey(key) + ": " + firstLine(e), e);
        }
    }

    @Override
    public List<String> list(String folder, int max) throws IOException {
        String p = prefix + folder;
        try {
            ListObjectsV2Response r = client.listObjectsV2(ListObjectsV2Request.builder()
                    .bucket(bucket).prefix(p).delimiter("/").maxKeys(max).build());
            List<String> names = new ArrayList<>();
            for (CommonPrefix cp : r.commonPrefixes()) {
                names.add(cp.prefix().substring(p.length()));
            }
            for (S3Object o : r.contents()) {
                names.add(o.key().substring(p.length()));
            }
            names.sort(null);
            return names.size() > max ? names.subList(0, max) : names;
        } catch (SdkException e) {
            throw new IOException("listing s3://" + bucket + "/" + p + ": " + firstLine(e), e);
        }
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        try {
            client.putObject(r -> r.bucket(bucket).key(prefix + key), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw new IOException(describeKey(key) + ": " + firstLine(e), e);
        }
    }

    private String describeKey(String key) {
        return "s3://" + bucket + "/" + prefix + key;
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.split("\n")[0];
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public void close() {
        client.close();
    }
}
