package io.quiver.bench;

import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.stellar.xdr.XdrReader;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.ttp.derived.DerivedEventsExtractor;
import io.quiver.ttp.model.TokenTransferEvent;
import io.quiver.ttp.verify.EventVerifier;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Token transfer extraction in the derived mode, decode included, one thread, on real ledgers:
 * the five pubnet ledgers of ../shared/stellar/mainnet and the two Soroban load tests (v22:
 * TxMeta v3, v24: TxMeta v4). Each invocation handles every ledger of the data set; the
 * {@code ledgers}, {@code events} and {@code bytes} counters are per second. {@code
 * decodeExtractVerify} adds the VerifyEvents-like balance check.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class TtpExtractionBenchmark {

    @Param({"mainnet", "loadtest-v22", "loadtest-v24"})
    public String dataset;

    private byte[][] ledgers;
    private long totalBytes;
    private DerivedEventsExtractor extractor;
    private EventVerifier verifier;

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Volume {
        public long bytes;
        public long ledgers;
        public long events;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
            ledgers = 0;
            events = 0;
        }
    }

    @Setup
    public void load() throws IOException {
        String file;
        String passphrase;
        switch (dataset) {
            case "mainnet" -> {
                file = "mainnet/ttp-example-ledgers-base64.txt";
                passphrase = "Public Global Stellar Network ; September 2015";
            }
            case "loadtest-v22" -> {
                file = "synthetic-soroban-loadtest/load-test-ledgers-v22.xdr.zstd";
                passphrase = "load test network";
            }
            case "loadtest-v24" -> {
                file = "synthetic-soroban-loadtest/load-test-ledgers-v24.xdr.zstd";
                passphrase = "load test network";
            }
            default -> throw new IllegalArgumentException("unknown dataset " + dataset);
        }
        List<RawLedger> raws = LedgerFiles.read(XdrDecodeBenchmark.sharedStellar().resolve(file)).ledgers();
        ledgers = new byte[raws.size()][];
        totalBytes = 0;
        for (int i = 0; i < ledgers.length; i++) {
            ledgers[i] = raws.get(i).bytes();
            totalBytes += ledgers[i].length;
        }
        extractor = new DerivedEventsExtractor(passphrase);
        verifier = new EventVerifier(passphrase);
    }

    @Benchmark
    public void decodeAndExtract(Volume v, Blackhole bh) {
        for (byte[] l : ledgers) {
            List<TokenTransferEvent> events = extractor.extract(LedgerCloseMeta.decode(new XdrReader(l)));
            v.events += events.size();
            bh.consume(events);
        }
        v.bytes += totalBytes;
        v.ledgers += ledgers.length;
    }

    @Benchmark
    public void decodeExtractVerify(Volume v, Blackhole bh) {
        for (byte[] l : ledgers) {
            LedgerCloseMeta meta = LedgerCloseMeta.decode(new XdrReader(l));
            List<TokenTransferEvent> events = extractor.extract(meta);
            bh.consume(verifier.verify(meta, events));
            v.events += events.size();
        }
        v.bytes += totalBytes;
        v.ledgers += ledgers.length;
    }
}
