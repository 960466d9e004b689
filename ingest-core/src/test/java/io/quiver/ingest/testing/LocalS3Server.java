package io.quiver.ingest.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import io.quiver.ingest.source.datalake.S3ObjectStore;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 API server on a loopback port (S3Proxy over a jclouds file-system blob store in a
 * temporary folder), with anonymous access, as a public bucket has.
 */
public final class LocalS3Server implements AutoCloseable {

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final BlobStore blobs;

    private LocalS3Server(S3Proxy proxy, BlobStoreContext context) {
        this.proxy = proxy;
        this.context = context;
        this.blobs = context.getBlobStore();
    }

    public static LocalS3Server start() throws Exception {
        Path dir = Files.createTempDirectory("quiver-s3");
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", dir.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                .credentials("identity", "credential").overrides(props).build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(20);
        }
        return new LocalS3Server(proxy, context);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public void createBucket(String bucket) {
        blobs.createContainerInLocation(null, bucket);
    }

    /** An anonymous client store for {@code s3://bucket/prefix} on this server. */
    public S3ObjectStore store(String bucket, String prefix) {
        return new S3ObjectStore(new S3ObjectStore.Settings(bucket, prefix, "us-east-1", Optional.of(endpoint()), true));
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
