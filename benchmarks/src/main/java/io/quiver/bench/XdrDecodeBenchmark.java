package io.quiver.bench;

import io.quiver.stellar.ledger.LedgerFiles;
import io.quiver.stellar.ledger.RawLedger;
import io.quiver.stellar.xdr.XdrReader;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding real pubnet ledgers (the five LedgerCloseMeta of ../shared/stellar/mainnet, protocols
 * 2 to 19, 1.4 MB in all), one thread: Quiver's generated model against stellar-sdk 0.44.0 on the
 * same bytes, plus Quiver's skip (walking a ledger without building it). Each invocation decodes
 * all five; the {@code bytes} and {@code ledgers} counters are per second, so they read directly
 * as bytes/s and ledgers/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class XdrDecodeBenchmark {

    private byte[][] ledgers;
    private long totalBytes;

    /** Per-second counters JMH reports next to the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Volume {
        public long bytes;
        public long ledgers;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
            ledgers = 0;
        }
    }

    @Setup
    public void load() throws IOException {
        Path file = sharedStellar().resolve("mainnet/ttp-example-ledgers-base64.txt");
        List<RawLedger> raws = LedgerFiles.read(file).ledgers();
        ledgers = new byte[raws.size()][];
        for (int i = 0; i < ledgers.length; i++) {
            ledgers[i] = raws.get(i).bytes();
            totalBytes += ledgers[i].length;
        }
    }

    static Path sharedStellar() {
        String home = System.getProperty("quiver.home", ".");
        Path p = Path.of(System.getProperty("quiver.shared.dir", Path.of(home).resolve("../shared").toString())).resolve("stellar");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("the shared Stellar ledgers are missing: expected " + p.toAbsolutePath().normalize());
        }
        return p;
    }

    @Benchmark
    public void quiverDecode(Volume v, Blackhole bh) {
        for (byte[] l : ledgers) {
            bh.consume(LedgerCloseMeta.decode(new XdrReader(l)));
        }
        v.bytes += totalBytes;
        v.ledgers += ledgers.length;
    }

    @Benchmark
    public void quiverSkip(Volume v, Blackhole bh) {
        for (byte[] l : ledgers) {
            XdrReader r = new XdrReader(l);
            LedgerCloseMeta.skip(r);
            bh.consume(r.position());
        }
        v.bytes += totalBytes;
        v.ledgers += ledgers.length;
    }

    @Benchmark
    public void stellarSdkDecode(Volume v, Blackhole bh) throws IOException {
        for (byte[] l : ledgers) {
            bh.consume(org.stellar.sdk.xdr.LedgerCloseMeta.fromXdrByteArray(l));
        }
        v.bytes += totalBytes;
        v.ledgers += ledgers.length;
    }
}
