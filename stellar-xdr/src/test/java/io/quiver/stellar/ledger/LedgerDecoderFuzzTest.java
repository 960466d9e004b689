package io.quiver.stellar.ledger;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quiver.stellar.xdr.XdrException;
import io.quiver.stellar.xdr.XdrReader;
import io.quiver.stellar.xdr.XdrWriter;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.stellar.xdr.model.ScVal;
import io.quiver.testing.SharedLedgers;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of real ledgers (bit flips, overwritten words, forged lengths, cuts, spliced
 * bytes) through the file reader and the decoder: each either decodes or fails with the one-line
 * error; never another exception, never a hang, never an allocation out of proportion to the
 * input (a forged length must not allocate what it claims).
 */
class LedgerDecoderFuzzTest {

    private static final int ROUNDS = Integer.getInteger("quiver.fuzz.rounds", 4000);

    @Test
    void mutatedLedgersDecodeOrFailCleanly() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (SharedLedgers.LedgerFileCase c : SharedLedgers.all()) {
            for (RawLedger raw : LedgerFiles.read(c.path()).ledgers()) {
                if (raw.size() < 200_000) { // the big mainnet ledgers only slow the loop down
                    seeds.add(raw.bytes());
                }
            }
        }
        long seed = Long.getLong("quiver.fuzz.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            for (int round = 0; round < ROUNDS; round++) {
                byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
                long before = threads.getCurrentThreadAllocatedBytes();
                try {
                    for (RawLedger raw : LedgerFiles.read("fuzz-" + round + ".xdr", input).ledgers()) {
                        LedgerCloseMeta m = raw.decode();
                        new LedgerView(m).envelopes();
                    }
                    outcomes[0]++;
                } catch (LedgerFileException e) {
                    assertTrue(e.getMessage().matches("fuzz-\\d+\\.xdr.*(XDR \\S+ at byte \\d+: |empty file|not base64).*"), e.getMessage());
                    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
                    outcomes[1]++;
                } catch (Throwable t) {
                    fail("seed " + seed + " round " + round + ": " + t, t);
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertTrue(allocated < 64L * input.length + (8 << 20),
                        "seed " + seed + " round " + round + ": " + allocated + " bytes allocated for " + input.length + " input bytes");
            }
        });
        System.out.printf("fuzz seed %d: %d rounds, %d decoded, %d refused with the one-line error%n", seed, ROUNDS, outcomes[0], outcomes[1]);
        assertTrue(outcomes[1] > ROUNDS / 4, "most mutations must be refused, else the mutations are too weak");
    }

    private static byte[] mutate(byte[] seed, SplittableRandom r) {
        byte[] b = seed.clone();
        int kind = r.nextInt(6);
        int at = r.nextInt(b.length);
        switch (kind) {
            case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
            case 1 -> {
                for (int i = 0; i < 1 + r.nextInt(8); i++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 2 -> { // a forged length or discriminant at a word boundary
                int w = (at & ~3);
                if (w + 4 <= b.length) {
                    int v = switch (r.nextInt(4)) {
                        case 0 -> 0x7fffffff;
                        case 1 -> 0xffffffff;
                        case 2 -> 0x10000000;
                        default -> r.nextInt();
                    };
                    b[w] = (byte) (v >>> 24);
                    b[w + 1] = (byte) (v >>> 16);
                    b[w + 2] = (byte) (v >>> 8);
                    b[w + 3] = (byte) v;
                }
            }
            case 3 -> b = java.util.Arrays.copyOf(b, at); // cut
            case 4 -> { // drop a word in the middle
                if (b.length > at + 4) {
                    byte[] c = new byte[b.length - 4];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 4, c, at, b.length - at - 4);
                    b = c;
                }
            }
            default -> { // splice in random bytes
                byte[] c = new byte[b.length + 4 + r.nextInt(64)];
                System.arraycopy(b, 0, c, 0, at);
                for (int i = at; i < at + (c.length - b.length); i++) {
                    c[i] = (byte) r.nextInt(256);
                }
                System.arraycopy(b, at, c, at + (c.length - b.length), b.length - at);
                b = c;
            }
        }
        return b;
    }

    @Test
    void aForgedHugeCountIsRefusedBeforeAllocating() {
        XdrWriter w = new XdrWriter();
        w.writeInt(5).writeInt(5).writeInt(Integer.MAX_VALUE); // LedgerCloseMetaBatch 5..5 claiming 2^31-1 ledgers
        XdrException e = assertThrows(XdrException.class, () -> io.quiver.stellar.xdr.model.LedgerCloseMetaBatch.fromXdr(w.toByteArray()));
        assertTrue(e.getMessage().startsWith("XDR LedgerCloseMetaBatch.ledgerCloseMeta at byte 8: length 2147483647 exceeds"), e.getMessage());
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        XdrWriter w = new XdrWriter();
        int depth = 100_000;
        for (int i = 0; i < depth; i++) {
            w.writeInt(16).writeInt(1).writeInt(1); // SCV_VEC, present, one element
        }
        w.writeInt(1); // SCV_VOID
        byte[] bytes = w.toByteArray();
        XdrException e = assertThrows(XdrException.class, () -> ScVal.fromXdr(bytes));
        assertTrue(e.getMessage().contains("nested deeper than 500"), e.getMessage());
        assertThrows(XdrException.class, () -> ScVal.skip(new XdrReader(bytes)));
        // 400 levels are fine
        XdrWriter ok = new XdrWriter();
        for (int i = 0; i < 400; i++) {
            ok.writeInt(16).writeInt(1).writeInt(1);
        }
        ok.writeInt(1);
        ScVal v = ScVal.fromXdr(ok.toByteArray());
        assertTrue(java.util.Arrays.equals(ok.toByteArray(), v.toXdr()));
    }

    @Test
    void truncationAtEveryWordOfALedgerIsTheCleanError() throws Exception {
        byte[] full = Files.readAllBytes(io.quiver.testing.Environment.sharedStellar()
                .resolve("core-golden/input-no-events/ledger-close-meta-v2-protocol-29-soroban.xdr"));
        for (int cut = 0; cut < full.length; cut += 4) {
            byte[] part = java.util.Arrays.copyOf(full, cut);
            XdrException e = assertThrows(XdrException.class, () -> LedgerCloseMeta.fromXdr(part), "cut at " + cut);
            assertTrue(e.getMessage().matches("XDR \\S+ at byte \\d+: .*"), e.getMessage());
        }
    }
}
