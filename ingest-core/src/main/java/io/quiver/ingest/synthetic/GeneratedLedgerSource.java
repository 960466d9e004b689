package io.quiver.ingest.synthetic;

import java.time.Duration;
import java.util.SplittableRandom;

import io.quiver.ingest.source.LedgerRange;
import io.quiver.ingest.source.LedgerSource;
import io.quiver.ingest.source.LedgerStream;
import io.quiver.ingest.source.SourceItem;
import io.quiver.ingest.source.SourcedLedger;
import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.stellar.xdr.model.Operation;
import io.quiver.stellar.xdr.model.OperationBody;
import io.quiver.stellar.xdr.model.OperationResultTr;
import io.quiver.stellar.xdr.model.PaymentOp;
import io.quiver.stellar.xdr.model.PaymentResult;
import io.quiver.stellar.xdr.model.PaymentResultCode;

/**
 * Ledgers made up on the spot, for a machine with no Stellar data (the default of {@code ./quiver
 * up}): protocol 23, {@code LedgerCloseMeta} v2, each ledger a few XLM payments between a fixed set
 * of accounts with their fees and balance changes (balances start afresh in every ledger), each
 * header hashed for real but naming a previous hash derived from the sequence, on the network
 * {@link NetworkIds#QUIVER_GENERATED}. The same sequence always gives the same ledger. Following
 * the tip, the first ledger asked for is there at once and one more every {@code interval} (so a
 * restart resumes at its checkpoint without waiting); a bounded range is made as fast as asked.
 */
public final class GeneratedLedgerSource implements LedgerSource {

    /** {@code accounts} taking part, {@code payments} per ledger, one ledger per {@code interval} when following. */
    public record Settings(int accounts, int payments, Duration interval) {
        public Settings {
            if (accounts < 2 || payments < 0 || interval.isNegative()) {
                throw new IllegalArgumentException("need at least 2 accounts, payments >= 0 and a non-negative interval");
            }
        }

        public static Settings defaults() {
            return new Settings(20, 10, Duration.ofSeconds(1));
        }
    }

    /** The first generated ledger of a run without checkpoint or start ledger. */
    public static final long GENESIS = 2;

    /** Close time of ledger 1: the generated chain pretends ledgers close every 5 s from there. */
    private static final long EPOCH_SECONDS = 1_767_225_600L;
    private static final int PROTOCOL = 23;

    private final Settings settings;
    private volatile long startedAt = System.nanoTime();
    private volatile long genesis = 1;

    public GeneratedLedgerSource(Settings settings) {
        this.settings = settings;
    }

    /** Ledger {@code sequence}, the same bytes every time. */
    public byte[] ledger(long sequence) {
        SyntheticLedger l = new SyntheticLedger(PROTOCOL, sequence, EPOCH_SECONDS + 5 * sequence, NetworkIds.QUIVER_GENERATED)
                .previousHash(headerHash(sequence - 1));
        SplittableRandom random = new SplittableRandom(sequence);
        for (int i = 0; i < settings.payments(); i++) {
            int from = random.nextInt(settings.accounts());
            int to = (from + 1 + random.nextInt(settings.accounts() - 1)) % settings.accounts();
            byte[] a = SyntheticLedger.key(1 + from);
            byte[] b = SyntheticLedger.key(1 + to);
            long amount = 1 + random.nextLong(1_000_0000000L);
            l.tx(a).op(new Operation(null, OperationBody.paymentOp(new PaymentOp(SyntheticLedger.muxed(b), SyntheticLedger.native_(),
                    amount))), OperationResultTr.paymentResult(PaymentResult.of(PaymentResultCode.PAYMENT_SUCCESS)),
                    SyntheticLedger.changes(l.account(a, -amount), l.account(b, amount))).add();
        }
        return l.build().toXdr();
    }

    /**
     * The header hash of ledger {@code sequence} as its successor names it: a hash of the sequence
     * (rebuilding the whole chain back to ledger 1 would cost a ledger per ledger).
     */
    private static byte[] headerHash(long sequence) {
        byte[] h = new byte[32];
        for (int i = 0; i < 8; i++) {
            h[24 + i] = (byte) (sequence >>> (56 - 8 * i));
        }
        h[0] = 'G';
        return h;
    }

    @Override
    public java.util.OptionalLong defaultStart() {
        return java.util.OptionalLong.of(GENESIS);
    }

    @Override
    public LedgerStream open(LedgerRange range) {
        genesis = range.start();
        startedAt = System.nanoTime();
        return new LedgerStream() {
            private long next = range.start();

            @Override
            public SourceItem next() throws InterruptedException {
                if (range.isAfterEnd(next)) {
                    return null;
                }
                if (range.end().isEmpty()) {
                    while (next > latestLedger()) {
                        Thread.sleep(Math.max(1, settings.interval().toMillis() / 4));
                    }
                }
                long seq = next++;
                return new SourcedLedger(seq, ledger(seq), "generated ledger " + seq);
            }

            @Override
            public boolean ready() {
                return range.end().isPresent() || next <= latestLedger();
            }

            @Override
            public void close() {
            }
        };
    }

    /** Following the tip: the first ledger asked for plus one per interval since it was asked. */
    @Override
    public long latestLedger() {
        long ms = settings.interval().toMillis();
        return ms == 0 ? Long.MAX_VALUE / 2 : genesis + (System.nanoTime() - startedAt) / 1_000_000 / ms;
    }

    @Override
    public String networkPassphrase() {
        return NetworkIds.QUIVER_GENERATED;
    }

    @Override
    public String kind() {
        return "generated";
    }

    @Override
    public String describe() {
        return "generated ledgers (" + settings.payments() + " payments among " + settings.accounts() + " accounts per ledger)";
    }

    @Override
    public void close() {
    }

}
