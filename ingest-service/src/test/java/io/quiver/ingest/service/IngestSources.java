package io.quiver.ingest.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quiver.ingest.source.datalake.LocalObjectStore;
import io.quiver.ingest.source.datalake.ObjectStore;
import io.quiver.ingest.testing.LocalS3Server;
import io.quiver.ingest.testing.ReplayedRpcServer;
import io.quiver.ingest.testing.TestLakes;
import io.quiver.testing.Environment;
import io.quiver.testing.SharedLedgers;

/** The three sources the service is tested against, each as a Quarkus test profile with its own topic. */
final class IngestSources {

    private IngestSources() {
    }

    static Map<String, String> common(String topic, long start, long end) {
        Map<String, String> m = new HashMap<>();
        m.put("quiver.ingest.topic", topic);
        m.put("quiver.topics.ensure", topic);
        m.put("quiver.ingest.instance-id", "test-" + UUID.randomUUID());
        m.put("quiver.ingest.start-ledger", Long.toString(start));
        m.put("quiver.ingest.end-ledger", Long.toString(end));
        m.put("quiver.ingest.batch-max-ledgers", "2");
        return m;
    }

    /** A data-lake folder holding the real test bucket. */
    public static final class FolderLake implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FolderLakeResource.class));
        }
    }

    public static final class FolderLakeResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                Path dir = Files.createTempDirectory("quiver-lake");
                TestLakes.copyTestBucket(new LocalObjectStore(dir));
                Map<String, String> m = common("ledgers.folder", TestLakes.FIRST, TestLakes.LAST);
                m.put("quiver.ingest.source", "datalake");
                m.put("quiver.ingest.datalake.location", dir.toString());
                return m;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
        }
    }

    /** The same objects in a bucket of a real S3 API server on loopback, read anonymously. */
    public static final class S3Lake implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3LakeResource.class));
        }
    }

    public static final class S3LakeResource implements QuarkusTestResourceLifecycleManager {
        private LocalS3Server s3;

        @Override
        public Map<String, String> start() {
            try {
                s3 = LocalS3Server.start();
                s3.createBucket("lake");
                try (ObjectStore store = s3.store("lake", "stellar/ledgers/testnet")) {
                    TestLakes.copyTestBucket(store);
                }
                Map<String, String> m = common("ledgers.s3", TestLakes.FIRST, TestLakes.LAST);
                m.put("quiver.ingest.source", "datalake");
                m.put("quiver.ingest.datalake.location", "s3://lake/stellar/ledgers/testnet");
                m.put("quiver.ingest.datalake.s3-endpoint", s3.endpoint().toString());
                m.put("quiver.ingest.datalake.s3-anonymous", "true");
                return m;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            try {
                s3.close();
            } catch (Exception ignored) {
                // the JVM ends soon after
            }
        }
    }

    /** A Stellar RPC node replaying the recorded getLedgers response of the Stellar docs. */
    public static final class Rpc implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RpcResource.class));
        }
    }

    public static final class RpcResource implements QuarkusTestResourceLifecycleManager {
        private ReplayedRpcServer rpc;

        @Override
        public Map<String, String> start() {
            try {
                rpc = ReplayedRpcServer.replaying(Environment.sharedStellar()
                        .resolve("rpc-json/stellar-docs-openrpc-getLedgers-example.json"), SharedLedgers.TESTNET);
                Map<String, String> m = common("ledgers.rpc", 36233, 36234);
                m.put("quiver.ingest.source", "rpc");
                m.put("quiver.ingest.rpc.url", rpc.url().toString());
                m.put("quiver.ingest.rpc.page-size", "1");
                return m;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            rpc.close();
        }
    }
}
