package io.quiver.ingest.synthetic;

import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.StrKey;
import io.quiver.stellar.ledger.TransactionHashes;
import io.quiver.stellar.xdr.model.AccountEntry;
import io.quiver.stellar.xdr.model.AccountEntryExt;
import io.quiver.stellar.xdr.model.AlphaNum4;
import io.quiver.stellar.xdr.model.Asset;
import io.quiver.stellar.xdr.model.AssetType;
import io.quiver.stellar.xdr.model.ClaimableBalanceEntry;
import io.quiver.stellar.xdr.model.ClaimableBalanceEntryExt;
import io.quiver.stellar.xdr.model.ClaimableBalanceId;
import io.quiver.stellar.xdr.model.ContractEvent;
import io.quiver.stellar.xdr.model.ExtensionPoint;
import io.quiver.stellar.xdr.model.FeeBumpTransaction;
import io.quiver.stellar.xdr.model.FeeBumpTransactionEnvelope;
import io.quiver.stellar.xdr.model.FeeBumpTransactionExt;
import io.quiver.stellar.xdr.model.FeeBumpTransactionInnerTx;
import io.quiver.stellar.xdr.model.GeneralizedTransactionSet;
import io.quiver.stellar.xdr.model.InnerTransactionResult;
import io.quiver.stellar.xdr.model.InnerTransactionResultExt;
import io.quiver.stellar.xdr.model.InnerTransactionResultPair;
import io.quiver.stellar.xdr.model.InnerTransactionResultResult;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.stellar.xdr.model.LedgerCloseMetaExt;
import io.quiver.stellar.xdr.model.LedgerCloseMetaV1;
import io.quiver.stellar.xdr.model.LedgerCloseMetaV2;
import io.quiver.stellar.xdr.model.LedgerEntry;
import io.quiver.stellar.xdr.model.LedgerEntryChange;
import io.quiver.stellar.xdr.model.LedgerEntryData;
import io.quiver.stellar.xdr.model.LedgerEntryExt;
import io.quiver.stellar.xdr.model.LedgerHeader;
import io.quiver.stellar.xdr.model.LedgerHeaderExt;
import io.quiver.stellar.xdr.model.LedgerHeaderHistoryEntry;
import io.quiver.stellar.xdr.model.LedgerHeaderHistoryEntryExt;
import io.quiver.stellar.xdr.model.LedgerKey;
import io.quiver.stellar.xdr.model.LedgerKeyAccount;
import io.quiver.stellar.xdr.model.LedgerKeyClaimableBalance;
import io.quiver.stellar.xdr.model.LedgerKeyTrustLine;
import io.quiver.stellar.xdr.model.LiquidityPoolConstantProductParameters;
import io.quiver.stellar.xdr.model.LiquidityPoolEntry;
import io.quiver.stellar.xdr.model.LiquidityPoolEntryBody;
import io.quiver.stellar.xdr.model.LiquidityPoolEntryConstantProduct;
import io.quiver.stellar.xdr.model.Memo;
import io.quiver.stellar.xdr.model.MemoType;
import io.quiver.stellar.xdr.model.MuxedAccount;
import io.quiver.stellar.xdr.model.MuxedAccountMed25519;
import io.quiver.stellar.xdr.model.Operation;
import io.quiver.stellar.xdr.model.OperationMeta;
import io.quiver.stellar.xdr.model.OperationMetaV2;
import io.quiver.stellar.xdr.model.OperationResult;
import io.quiver.stellar.xdr.model.OperationResultTr;
import io.quiver.stellar.xdr.model.PreconditionType;
import io.quiver.stellar.xdr.model.Preconditions;
import io.quiver.stellar.xdr.model.PublicKey;
import io.quiver.stellar.xdr.model.ScVal;
import io.quiver.stellar.xdr.model.ScValType;
import io.quiver.stellar.xdr.model.SorobanTransactionMeta;
import io.quiver.stellar.xdr.model.SorobanTransactionData;
import io.quiver.stellar.xdr.model.SorobanTransactionMetaExt;
import io.quiver.stellar.xdr.model.SorobanTransactionMetaV2;
import io.quiver.stellar.xdr.model.StellarValue;
import io.quiver.stellar.xdr.model.StellarValueExt;
import io.quiver.stellar.xdr.model.StellarValueType;
import io.quiver.stellar.xdr.model.Transaction;
import io.quiver.stellar.xdr.model.TransactionEnvelope;
import io.quiver.stellar.xdr.model.TransactionExt;
import io.quiver.stellar.xdr.model.TransactionMeta;
import io.quiver.stellar.xdr.model.TransactionMetaV3;
import io.quiver.stellar.xdr.model.TransactionMetaV4;
import io.quiver.stellar.xdr.model.TransactionPhase;
import io.quiver.stellar.xdr.model.TransactionResult;
import io.quiver.stellar.xdr.model.TransactionResultCode;
import io.quiver.stellar.xdr.model.TransactionResultExt;
import io.quiver.stellar.xdr.model.TransactionResultMeta;
import io.quiver.stellar.xdr.model.TransactionResultMetaV1;
import io.quiver.stellar.xdr.model.TransactionResultPair;
import io.quiver.stellar.xdr.model.TransactionResultResult;
import io.quiver.stellar.xdr.model.TransactionSetV1;
import io.quiver.stellar.xdr.model.TransactionV1Envelope;
import io.quiver.stellar.xdr.model.TrustLineAsset;
import io.quiver.stellar.xdr.model.TrustLineEntry;
import io.quiver.stellar.xdr.model.TrustLineEntryExt;
import io.quiver.stellar.xdr.model.TxSetComponent;
import io.quiver.stellar.xdr.model.TxSetComponentTxsMaybeDiscountedFee;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a ledger with Quiver's own XDR model (the generated source and tests of single operations): LedgerCloseMeta v1
 * with TransactionMeta v3 before protocol 23, v2 with TransactionMeta v4 from 23. It keeps every
 * balance it has handed out, so the entry changes a test writes ({@link #account}, {@link
 * #trustline}, ...) are real state -> updated pairs, and charges each transaction's fee in its fee
 * processing like core does. Hashes are real (under the ledger's network); signatures are absent.
 */
public class SyntheticLedger {

    public static final long START_BALANCE = 1_000_0000000L;

    private final int protocol;
    private final int sequence;
    private final long closeTime;
    private final byte[] networkId;
    private byte[] previousHash = new byte[32];
    private byte[] headerHash;
    private final List<TransactionEnvelope> envelopes = new ArrayList<>();
    private final List<Object> processing = new ArrayList<>();
    // the entry state; shared with the next ledger by continueFrom, so a chain of ledgers keeps its balances
    private Map<String, long[]> balances = new HashMap<>();
    private Map<ClaimableBalanceId, ClaimableBalanceEntry> claimable = new HashMap<>();
    private Map<String, LiquidityPoolEntry> pools = new HashMap<>();
    private long[] nextSeq = {100};

    /** An empty ledger {@code sequence} of {@code protocol}, closed at {@code closeTime} (epoch seconds), on network {@code passphrase}. */
    public SyntheticLedger(int protocol, long sequence, long closeTime, String passphrase) {
        this.protocol = protocol;
        this.sequence = (int) sequence;
        this.closeTime = closeTime;
        this.networkId = NetworkIds.networkId(passphrase);
    }

    /** Chains this ledger to the previous one (its header hash); zeros otherwise. */
    public SyntheticLedger previousHash(byte[] hash) {
        this.previousHash = hash.clone();
        return this;
    }

    /**
     * Makes this ledger the successor of {@code previous} (built already): it names its header hash
     * and takes over its balances, claimable balances, pools and sequence numbers, so entry changes
     * start from where the previous ledger left them.
     */
    public SyntheticLedger continueFrom(SyntheticLedger previous) {
        if (previous.headerHash == null) {
            throw new IllegalStateException("build the previous ledger first");
        }
        this.previousHash = previous.headerHash.clone();
        this.balances = previous.balances;
        this.claimable = previous.claimable;
        this.pools = previous.pools;
        this.nextSeq = previous.nextSeq;
        return this;
    }

    /** The SHA-256 of the header, once built. */
    public byte[] headerHash() {
        return headerHash == null ? null : headerHash.clone();
    }

    public int sequence() {
        return sequence;
    }

    /** Transactions added so far. */
    public int transactionCount() {
        return envelopes.size();
    }

    // ---- keys and assets -------------------------------------------------------------------

    /** A deterministic account key. */
    public static byte[] key(int n) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) n);
        k[0] = 'Q';
        return k;
    }

    public static String g(byte[] key) {
        return StrKey.encode(StrKey.Kind.ACCOUNT, key);
    }

    public static MuxedAccount muxed(byte[] key) {
        return MuxedAccount.ed25519(key);
    }

    public static MuxedAccount muxed(byte[] key, long id) {
        return MuxedAccount.med25519(new MuxedAccountMed25519(id, key));
    }

    public static Asset native_() {
        return Asset.of(AssetType.ASSET_TYPE_NATIVE);
    }

    public static Asset credit(String code, byte[] issuer) {
        byte[] c = Arrays.copyOf(code.getBytes(StandardCharsets.US_ASCII), 4);
        return Asset.alphaNum4(new AlphaNum4(c, PublicKey.ed25519(issuer)));
    }

    public static byte[] poolId(int n) {
        byte[] id = new byte[32];
        Arrays.fill(id, (byte) (0x50 + n));
        return id;
    }

    // ---- entry changes, tracked ------------------------------------------------------------

    /** An account's XLM balance moving by {@code delta}: STATE then UPDATED. */
    public List<LedgerEntryChange> account(byte[] key, long delta) {
        long[] b = balances.computeIfAbsent("A" + g(key), k -> new long[] {START_BALANCE});
        LedgerEntry pre = accountEntry(key, b[0]);
        b[0] += delta;
        return List.of(LedgerEntryChange.state(pre), LedgerEntryChange.updated(accountEntry(key, b[0])));
    }

    public List<LedgerEntryChange> createdAccount(byte[] key, long balance) {
        balances.remove("X" + g(key));
        balances.put("A" + g(key), new long[] {balance});
        return List.of(LedgerEntryChange.created(accountEntry(key, balance)));
    }

    public List<LedgerEntryChange> removedAccount(byte[] key) {
        long[] b = balances.remove("A" + g(key));
        balances.put("X" + g(key), new long[] {0});
        LedgerEntry pre = accountEntry(key, b == null ? START_BALANCE : b[0]);
        return List.of(LedgerEntryChange.state(pre), LedgerEntryChange.removed(LedgerKey.account(new LedgerKeyAccount(PublicKey.ed25519(key)))));
    }

    public long balance(byte[] key) {
        return balances.computeIfAbsent("A" + g(key), k -> new long[] {START_BALANCE})[0];
    }

    /** Whether the account was merged away (and not created again). */
    public boolean merged(byte[] key) {
        return balances.containsKey("X" + g(key));
    }

    /** A trustline's tracked balance (0 if unseen). */
    public long trustlineBalance(byte[] key, Asset asset) {
        long[] b = balances.get("T" + g(key) + asset);
        return b == null ? 0 : b[0];
    }

    /** The claimable balances created and not yet claimed. */
    public List<ClaimableBalanceEntry> claimableBalances() {
        return new ArrayList<>(claimable.values());
    }

    /** A tracked pool's reserves {a, b}, or null. */
    public long[] poolReserves(byte[] poolId) {
        LiquidityPoolEntry p = pools.get(StrKey.encode(StrKey.Kind.LIQUIDITY_POOL, poolId));
        return p == null ? null : new long[] {p.body().constantProduct().reserveA(), p.body().constantProduct().reserveB()};
    }

    /** A trustline's balance moving by {@code delta} (the line starts at 0 if unseen; it must not go below). */
    public List<LedgerEntryChange> trustline(byte[] key, Asset asset, long delta) {
        long[] b = balances.computeIfAbsent("T" + g(key) + asset, k -> new long[] {0});
        LedgerEntry pre = trustlineEntry(key, asset, b[0]);
        b[0] += delta;
        if (b[0] < 0) {
            throw new IllegalArgumentException("trustline below zero: " + g(key) + " " + asset);
        }
        return List.of(LedgerEntryChange.state(pre), LedgerEntryChange.updated(trustlineEntry(key, asset, b[0])));
    }

    /** A pool-share trustline removed (as revocation does). */
    public List<LedgerEntryChange> removedPoolShare(byte[] key, byte[] poolId) {
        TrustLineAsset asset = TrustLineAsset.liquidityPoolId(poolId);
        LedgerEntry pre = new LedgerEntry(sequence - 1, LedgerEntryData.trustLine(new TrustLineEntry(PublicKey.ed25519(key), asset, 100, 1000, 1,
                TrustLineEntryExt.of(0))), LedgerEntryExt.of(0));
        return List.of(LedgerEntryChange.state(pre), LedgerEntryChange.removed(LedgerKey.trustLine(new LedgerKeyTrustLine(PublicKey.ed25519(key), asset))));
    }

    public List<LedgerEntryChange> createdBalance(ClaimableBalanceId id, Asset asset, long amount) {
        ClaimableBalanceEntry cb = new ClaimableBalanceEntry(id, List.of(), asset, amount, ClaimableBalanceEntryExt.of(0));
        claimable.put(id, cb);
        return List.of(LedgerEntryChange.created(entry(LedgerEntryData.claimableBalance(cb))));
    }

    public List<LedgerEntryChange> removedBalance(ClaimableBalanceId id) {
        ClaimableBalanceEntry cb = claimable.remove(id);
        return List.of(LedgerEntryChange.state(entry(LedgerEntryData.claimableBalance(cb))),
                LedgerEntryChange.removed(LedgerKey.claimableBalance(new LedgerKeyClaimableBalance(id))));
    }

    /** An existing claimable balance (created in an earlier ledger). */
    public void existingBalance(ClaimableBalanceId id, Asset asset, long amount) {
        claimable.put(id, new ClaimableBalanceEntry(id, List.of(), asset, amount, ClaimableBalanceEntryExt.of(0)));
    }

    public void existingPool(byte[] poolId, Asset a, Asset b, long reserveA, long reserveB) {
        pools.put(StrKey.encode(StrKey.Kind.LIQUIDITY_POOL, poolId), pool(poolId, a, b, reserveA, reserveB));
    }

    /** A pool's reserves moving by the deltas: STATE then UPDATED. */
    public List<LedgerEntryChange> pool(byte[] poolId, long deltaA, long deltaB) {
        String k = StrKey.encode(StrKey.Kind.LIQUIDITY_POOL, poolId);
        LiquidityPoolEntry pre = pools.get(k);
        LiquidityPoolEntryConstantProduct cp = pre.body().constantProduct();
        LiquidityPoolEntry post = pool(poolId, cp.params().assetA(), cp.params().assetB(), cp.reserveA() + deltaA, cp.reserveB() + deltaB);
        pools.put(k, post);
        return List.of(LedgerEntryChange.state(entry(LedgerEntryData.liquidityPool(pre))),
                LedgerEntryChange.updated(entry(LedgerEntryData.liquidityPool(post))));
    }

    @SafeVarargs
    public static List<LedgerEntryChange> changes(List<LedgerEntryChange>... parts) {
        List<LedgerEntryChange> out = new ArrayList<>();
        for (List<LedgerEntryChange> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    // ---- transactions -----------------------------------------------------------------------

    /** A transaction paying 100 stroops; its fee is charged now, before any change of its operations (as core does). */
    public Tx tx(byte[] source) {
        return new Tx(source, null, 100);
    }

    /** A transaction offering {@code fee} stroops (all charged before it applies; a Soroban refund comes back after). */
    public Tx tx(byte[] source, long fee) {
        return new Tx(source, null, fee);
    }

    /** A fee-bump transaction: {@code payer} pays {@code fee}. */
    public Tx feeBump(byte[] source, byte[] payer, long fee) {
        return new Tx(source, payer, fee);
    }

    /** One transaction: its operations with their results, changes and (Soroban) contract events. */
    public final class Tx {
        private final byte[] source;
        private final long seqNum = nextSeq[0]++;
        private Long sourceMuxedId;
        private SorobanTransactionData soroban;
        private long refund;
        private ScVal returnValue;
        private Memo memo = Memo.of(MemoType.MEMO_NONE);
        private final List<Operation> ops = new ArrayList<>();
        private final List<OperationResult> results = new ArrayList<>();
        private final List<List<LedgerEntryChange>> opChanges = new ArrayList<>();
        private final List<List<ContractEvent>> opEvents = new ArrayList<>();
        private final long fee;
        private final byte[] feeBumpSource;
        private final List<LedgerEntryChange> feeChanges;
        private boolean failed;

        private Tx(byte[] source, byte[] feeBumpSource, long fee) {
            this.source = source;
            this.feeBumpSource = feeBumpSource;
            this.fee = fee;
            this.feeChanges = account(feeBumpSource != null ? feeBumpSource : source, -fee);
        }

        public long seqNum() {
            return seqNum;
        }

        /** The fee offered (and charged before the transaction applies). */
        public long fee() {
            return fee;
        }

        public Tx memo(Memo m) {
            this.memo = m;
            return this;
        }

        /** The transaction's source as a muxed account (M...) with this id. */
        public Tx muxedSource(long id) {
            this.sourceMuxedId = id;
            return this;
        }

        /**
         * A Soroban transaction: its resources, and the part of the fee refunded after it applied
         * (the fee account's balance rises by it after all transactions, as from protocol 23).
         */
        public Tx soroban(SorobanTransactionData data, long refund, ScVal returnValue) {
            if (refund < 0 || refund > fee) {
                throw new IllegalArgumentException("refund " + refund + " outside 0.." + fee);
            }
            this.soroban = data;
            this.refund = refund;
            this.returnValue = returnValue;
            return this;
        }

        /** The transaction fails: its fee is charged, its operations' changes are dropped. */
        public Tx failed() {
            this.failed = true;
            return this;
        }

        public Tx op(Operation op, OperationResultTr result, List<LedgerEntryChange> changes) {
            return op(op, result, changes, List.of());
        }

        public Tx op(Operation op, OperationResultTr result, List<LedgerEntryChange> changes, List<ContractEvent> events) {
            ops.add(op);
            results.add(OperationResult.tr(result));
            opChanges.add(changes);
            opEvents.add(events);
            return this;
        }

        /** Adds the transaction to the ledger; returns it for chaining. */
        public SyntheticLedger add() {
            Transaction tx = new Transaction(sourceMuxedId == null ? muxed(source) : muxed(source, sourceMuxedId), (int) fee, seqNum,
                    Preconditions.of(PreconditionType.PRECOND_NONE), memo, ops,
                    soroban == null ? TransactionExt.of(0) : TransactionExt.sorobanData(soroban));
            TransactionV1Envelope v1 = new TransactionV1Envelope(tx, List.of());
            TransactionEnvelope envelope = TransactionEnvelope.v1(v1);
            TransactionResultCode code = failed ? TransactionResultCode.TX_FAILED : TransactionResultCode.TX_SUCCESS;
            TransactionResultResult rr = TransactionResultResult.results(code, results);
            if (feeBumpSource != null) {
                envelope = TransactionEnvelope.feeBump(new FeeBumpTransactionEnvelope(new FeeBumpTransaction(muxed(feeBumpSource), fee * 2,
                        FeeBumpTransactionInnerTx.v1(v1), FeeBumpTransactionExt.of(0)), List.of()));
                byte[] innerHash = TransactionHashes.hash(networkId, TransactionEnvelope.v1(v1));
                InnerTransactionResult inner = new InnerTransactionResult(0, InnerTransactionResultResult.results(code, results),
                        InnerTransactionResultExt.of(0));
                rr = TransactionResultResult.innerResultPair(failed ? TransactionResultCode.TX_FEE_BUMP_INNER_FAILED
                        : TransactionResultCode.TX_FEE_BUMP_INNER_SUCCESS, new InnerTransactionResultPair(innerHash, inner));
            }
            byte[] hash = TransactionHashes.hash(networkId, envelope);
            TransactionResultPair pair = new TransactionResultPair(hash, new TransactionResult(fee - refund, rr, TransactionResultExt.of(0)));
            List<List<LedgerEntryChange>> applied = failed ? opChanges.stream().map(c -> List.<LedgerEntryChange>of()).toList() : opChanges;
            TransactionMeta meta;
            if (protocol < 23) {
                List<OperationMeta> om = applied.stream().map(OperationMeta::new).toList();
                List<ContractEvent> events = opEvents.isEmpty() ? List.of() : opEvents.get(0);
                SorobanTransactionMeta soroban = events.isEmpty() ? null
                        : new SorobanTransactionMeta(SorobanTransactionMetaExt.of(0), events, ScVal.of(ScValType.SCV_VOID), List.of());
                meta = TransactionMeta.v3(new TransactionMetaV3(ExtensionPoint.of(0), List.of(), om, List.of(), soroban));
            } else {
                List<OperationMetaV2> om = new ArrayList<>();
                for (int i = 0; i < applied.size(); i++) {
                    om.add(new OperationMetaV2(ExtensionPoint.of(0), applied.get(i), opEvents.get(i)));
                }
                SorobanTransactionMetaV2 sorobanMeta = soroban == null ? null
                        : new SorobanTransactionMetaV2(SorobanTransactionMetaExt.of(0), failed ? null : returnValue);
                meta = TransactionMeta.v4(new TransactionMetaV4(ExtensionPoint.of(0), List.of(), om, List.of(), sorobanMeta, List.of(), List.of()));
            }
            envelopes.add(envelope);
            if (refund > 0 && protocol < 23) {
                throw new IllegalStateException("refunds are written as protocol 23 does");
            }
            List<LedgerEntryChange> refunded = refund == 0 ? List.of() : account(feeBumpSource != null ? feeBumpSource : source, refund);
            processing.add(protocol < 23 ? new TransactionResultMeta(pair, feeChanges, meta)
                    : new TransactionResultMetaV1(ExtensionPoint.of(0), pair, feeChanges, meta, refunded));
            return SyntheticLedger.this;
        }
    }

    // ---- the ledger -------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    public LedgerCloseMeta build() {
        byte[] zero = new byte[32];
        LedgerHeader header = new LedgerHeader(protocol, previousHash, new StellarValue(zero, closeTime, List.of(),
                StellarValueExt.of(StellarValueType.STELLAR_VALUE_BASIC)), zero, zero, sequence, 1_000_000_000_0000000L, 0, 0, 0, 100,
                5000000, 1000, List.of(zero, zero, zero, zero), LedgerHeaderExt.of(0));
        // the header hash is SHA-256 of the header's XDR, as in core
        headerHash = sha256(header.toXdr());
        LedgerHeaderHistoryEntry entry = new LedgerHeaderHistoryEntry(headerHash, header, LedgerHeaderHistoryEntryExt.of(0));
        GeneralizedTransactionSet set = GeneralizedTransactionSet.v1TxSet(new TransactionSetV1(zero, List.of(TransactionPhase.v0Components(
                List.of(TxSetComponent.txsMaybeDiscountedFee(new TxSetComponentTxsMaybeDiscountedFee(null, envelopes)))))));
        LedgerCloseMeta meta;
        if (protocol < 23) {
            meta = LedgerCloseMeta.v1(new LedgerCloseMetaV1(LedgerCloseMetaExt.of(0), entry, set,
                    (List<TransactionResultMeta>) (List<?>) processing, List.of(), List.of(), 0, List.of(), List.of()));
        } else {
            meta = LedgerCloseMeta.v2(new LedgerCloseMetaV2(LedgerCloseMetaExt.of(0), entry, set,
                    (List<TransactionResultMetaV1>) (List<?>) processing, List.of(), List.of(), 0, List.of()));
        }
        // through bytes and back: what the extractor sees is what a file would hold
        return LedgerCloseMeta.fromXdr(meta.toXdr());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- entries ----------------------------------------------------------------------------

    private LedgerEntry entry(LedgerEntryData data) {
        return new LedgerEntry(sequence - 1, data, LedgerEntryExt.of(0));
    }

    private LedgerEntry accountEntry(byte[] key, long balance) {
        return entry(LedgerEntryData.account(new AccountEntry(PublicKey.ed25519(key), balance, 1, 0, null, 0, new byte[0],
                new byte[] {1, 0, 0, 0}, List.of(), AccountEntryExt.of(0))));
    }

    private LedgerEntry trustlineEntry(byte[] key, Asset asset, long balance) {
        TrustLineAsset tla = TrustLineAsset.alphaNum4(asset.alphaNum4());
        return entry(LedgerEntryData.trustLine(new TrustLineEntry(PublicKey.ed25519(key), tla, balance, Long.MAX_VALUE, 1,
                TrustLineEntryExt.of(0))));
    }

    private static LiquidityPoolEntry pool(byte[] poolId, Asset a, Asset b, long ra, long rb) {
        return new LiquidityPoolEntry(poolId, LiquidityPoolEntryBody.constantProduct(new LiquidityPoolEntryConstantProduct(
                new LiquidityPoolConstantProductParameters(a, b, 30), ra, rb, 1000, 1)));
    }
}
