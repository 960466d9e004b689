package io.quiver.ingest.synthetic;

import static io.quiver.ingest.synthetic.SyntheticLedger.changes;
import static io.quiver.ingest.synthetic.SyntheticLedger.credit;
import static io.quiver.ingest.synthetic.SyntheticLedger.g;
import static io.quiver.ingest.synthetic.SyntheticLedger.muxed;
import static io.quiver.ingest.synthetic.SyntheticLedger.native_;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.StrKey;
import io.quiver.stellar.xdr.model.AccountMergeResult;
import io.quiver.stellar.xdr.model.Asset;
import io.quiver.stellar.xdr.model.ClaimAtom;
import io.quiver.stellar.xdr.model.ClaimClaimableBalanceOp;
import io.quiver.stellar.xdr.model.ClaimClaimableBalanceResult;
import io.quiver.stellar.xdr.model.ClaimClaimableBalanceResultCode;
import io.quiver.stellar.xdr.model.ClaimLiquidityAtom;
import io.quiver.stellar.xdr.model.ClaimOfferAtom;
import io.quiver.stellar.xdr.model.ClaimPredicate;
import io.quiver.stellar.xdr.model.ClaimPredicateType;
import io.quiver.stellar.xdr.model.ClaimableBalanceEntry;
import io.quiver.stellar.xdr.model.ClaimableBalanceId;
import io.quiver.stellar.xdr.model.Claimant;
import io.quiver.stellar.xdr.model.ClaimantV0;
import io.quiver.stellar.xdr.model.ClawbackOp;
import io.quiver.stellar.xdr.model.ClawbackResult;
import io.quiver.stellar.xdr.model.ClawbackResultCode;
import io.quiver.stellar.xdr.model.ContractEvent;
import io.quiver.stellar.xdr.model.ContractEventBody;
import io.quiver.stellar.xdr.model.ContractEventType;
import io.quiver.stellar.xdr.model.ContractEventV0;
import io.quiver.stellar.xdr.model.CreateAccountOp;
import io.quiver.stellar.xdr.model.CreateAccountResult;
import io.quiver.stellar.xdr.model.CreateAccountResultCode;
import io.quiver.stellar.xdr.model.CreateClaimableBalanceOp;
import io.quiver.stellar.xdr.model.CreateClaimableBalanceResult;
import io.quiver.stellar.xdr.model.ExtensionPoint;
import io.quiver.stellar.xdr.model.HostFunction;
import io.quiver.stellar.xdr.model.Int128Parts;
import io.quiver.stellar.xdr.model.InvokeContractArgs;
import io.quiver.stellar.xdr.model.InvokeHostFunctionOp;
import io.quiver.stellar.xdr.model.InvokeHostFunctionResult;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import io.quiver.stellar.xdr.model.LedgerFootprint;
import io.quiver.stellar.xdr.model.LedgerKey;
import io.quiver.stellar.xdr.model.LedgerKeyAccount;
import io.quiver.stellar.xdr.model.LedgerKeyTrustLine;
import io.quiver.stellar.xdr.model.LiquidityPoolDepositOp;
import io.quiver.stellar.xdr.model.LiquidityPoolDepositResult;
import io.quiver.stellar.xdr.model.LiquidityPoolDepositResultCode;
import io.quiver.stellar.xdr.model.ManageOfferEffect;
import io.quiver.stellar.xdr.model.ManageOfferSuccessResult;
import io.quiver.stellar.xdr.model.ManageOfferSuccessResultOffer;
import io.quiver.stellar.xdr.model.ManageSellOfferOp;
import io.quiver.stellar.xdr.model.ManageSellOfferResult;
import io.quiver.stellar.xdr.model.Memo;
import io.quiver.stellar.xdr.model.Operation;
import io.quiver.stellar.xdr.model.OperationBody;
import io.quiver.stellar.xdr.model.OperationResultTr;
import io.quiver.stellar.xdr.model.PathPaymentStrictReceiveOp;
import io.quiver.stellar.xdr.model.PathPaymentStrictReceiveResult;
import io.quiver.stellar.xdr.model.PathPaymentStrictReceiveResultSuccess;
import io.quiver.stellar.xdr.model.PathPaymentStrictSendOp;
import io.quiver.stellar.xdr.model.PathPaymentStrictSendResult;
import io.quiver.stellar.xdr.model.PathPaymentStrictSendResultSuccess;
import io.quiver.stellar.xdr.model.PaymentOp;
import io.quiver.stellar.xdr.model.PaymentResult;
import io.quiver.stellar.xdr.model.PaymentResultCode;
import io.quiver.stellar.xdr.model.Price;
import io.quiver.stellar.xdr.model.PublicKey;
import io.quiver.stellar.xdr.model.ScAddress;
import io.quiver.stellar.xdr.model.ScMapEntry;
import io.quiver.stellar.xdr.model.ScVal;
import io.quiver.stellar.xdr.model.ScValType;
import io.quiver.stellar.xdr.model.SetTrustLineFlagsOp;
import io.quiver.stellar.xdr.model.SetTrustLineFlagsResult;
import io.quiver.stellar.xdr.model.SetTrustLineFlagsResultCode;
import io.quiver.stellar.xdr.model.SimplePaymentResult;
import io.quiver.stellar.xdr.model.SorobanResources;
import io.quiver.stellar.xdr.model.SorobanTransactionData;
import io.quiver.stellar.xdr.model.SorobanTransactionDataExt;
import io.quiver.stellar.xdr.model.TrustLineAsset;

/**
 * A chain of protocol-23 ledgers shaped like Stellar's mainnet today, made from a seed: the same
 * seed always gives the same bytes. Every transaction is built on tracked state
 * ({@link SyntheticLedger}), so balances carry from ledger to ledger and every entry change is a
 * real before/after pair the token transfer verifier can check; headers chain by their real hashes.
 *
 * <p>The mix, per transaction: XLM and credit payments (1-3 operations, muxed destinations and
 * sources, memos), path payments through a liquidity pool and through an order-book offer, offers
 * crossing a market maker, account creation and merges, claimable balances created and claimed, a
 * clawback-enabled asset with clawbacks and trustline flag changes, pool deposits, Stellar Asset
 * Contract transfers / mints / burns with CAP-67 events (the {@code to_muxed_id} data map included),
 * a custom SEP-41 token whose amounts exceed 64 bits, Soroban fees with refunds, fee bumps and a few
 * failed transactions. The defaults (300 transactions per ledger) give about 900 token transfer
 * events per ledger, as mainnet does in 2026.
 */
public final class MainnetLikeLedgers {

    /** {@code seed}; {@code transactions} per ledger; {@code accounts} taking part at the start; network {@code passphrase}. */
    public record Settings(long seed, int transactions, int accounts, String passphrase) {
        public Settings {
            if (transactions < 0 || accounts < 10) {
                throw new IllegalArgumentException("need transactions >= 0 and at least 10 accounts");
            }
        }

        public static Settings defaults() {
            return new Settings(1, 300, 2000, NetworkIds.QUIVER_GENERATED);
        }
    }

    /** The first ledger of a generated chain (ledger 1 is genesis, which has no transactions). */
    public static final long FIRST = 2;
    /** Close time of ledger {@link #FIRST}, 2026-01-01T00:00:00Z; ledgers close every 5 s. */
    public static final long FIRST_CLOSE_TIME = 1_767_225_600L;
    private static final int PROTOCOL = 23;

    private final Settings settings;
    private final SplittableRandom random;
    private final List<byte[]> accounts = new ArrayList<>();
    private final List<byte[]> created = new ArrayList<>();
    private final byte[] usdcIssuer;
    private final byte[] eurcIssuer;
    private final byte[] clawIssuer;
    private final List<byte[]> makers = new ArrayList<>();
    private final Asset usdc;
    private final Asset eurc;
    private final Asset claw;
    private final byte[] xlmUsdcPool;
    private final byte[] usdcEurcPool;
    private final byte[] xlmSac;
    private final byte[] usdcSac;
    private final byte[] token;
    private final String usdcName;
    private SyntheticLedger previous;
    private long next = FIRST;
    private long counter;

    public MainnetLikeLedgers(Settings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        for (int i = 0; i < settings.accounts(); i++) {
            accounts.add(newKey());
        }
        usdcIssuer = newKey();
        eurcIssuer = newKey();
        clawIssuer = newKey();
        for (int i = 0; i < 5; i++) {
            makers.add(newKey());
        }
        usdc = credit("USDC", usdcIssuer);
        eurc = credit("EURC", eurcIssuer);
        claw = credit("CLAW", clawIssuer);
        xlmUsdcPool = NetworkIds.sha256(("pool XLM/USDC " + settings.seed()).getBytes(StandardCharsets.UTF_8));
        usdcEurcPool = NetworkIds.sha256(("pool USDC/EURC " + settings.seed()).getBytes(StandardCharsets.UTF_8));
        xlmSac = StrKey.decode(StrKey.Kind.CONTRACT, NetworkIds.nativeAssetContract(settings.passphrase()));
        usdcName = "USDC:" + g(usdcIssuer);
        usdcSac = StrKey.decode(StrKey.Kind.CONTRACT, NetworkIds.issuedAssetContract(settings.passphrase(), "USDC", g(usdcIssuer)));
        token = NetworkIds.sha256(("SEP-41 token " + settings.seed()).getBytes(StandardCharsets.UTF_8));
    }

    /** The sequence of the ledger {@link #next()} makes. */
    public long nextSequence() {
        return next;
    }

    /** The next ledger of the chain as {@code LedgerCloseMeta} XDR. */
    public byte[] next() {
        return nextMeta().toXdr();
    }

    /** The next ledger of the chain. */
    public LedgerCloseMeta nextMeta() {
        long seq = next++;
        SyntheticLedger l = new SyntheticLedger(PROTOCOL, seq, FIRST_CLOSE_TIME + 5 * (seq - FIRST), settings.passphrase());
        if (previous != null) {
            l.continueFrom(previous);
        } else {
            l.existingPool(xlmUsdcPool, native_(), usdc, 5_000_000_0000000L, 600_000_0000000L);
            l.existingPool(usdcEurcPool, usdc, eurc, 400_000_0000000L, 370_000_0000000L);
            // the market makers start with a billion of each asset they sell (state, not a change of this ledger)
            for (byte[] m : makers) {
                l.trustline(m, usdc, 1_000_000_000_0000000L);
                l.trustline(m, eurc, 1_000_000_000_0000000L);
            }
        }
        // a maker's top-up is a transaction of its own: the count can end one above when one comes last
        while (l.transactionCount() < settings.transactions()) {
            transaction(l);
        }
        LedgerCloseMeta meta = l.build();
        previous = l;
        return meta;
    }

    // ---- the mix ---------------------------------------------------------------------------------

    private void transaction(SyntheticLedger l) {
        int roll = random.nextInt(1000);
        if (roll < 330) {
            payments(l, native_());
        } else if (roll < 470) {
            payments(l, random.nextBoolean() ? usdc : eurc);
        } else if (roll < 530) {
            pathPaymentThroughPool(l);
        } else if (roll < 570) {
            pathPaymentThroughOffer(l);
        } else if (roll < 640) {
            offerCrossingAMaker(l);
        } else if (roll < 665) {
            createAccount(l);
        } else if (roll < 675) {
            mergeAccount(l);
        } else if (roll < 700) {
            createClaimableBalance(l);
        } else if (roll < 720) {
            claimClaimableBalance(l);
        } else if (roll < 740) {
            clawAsset(l);
        } else if (roll < 750) {
            poolDeposit(l);
        } else if (roll < 860) {
            sacCall(l);
        } else if (roll < 910) {
            customToken(l);
        } else if (roll < 960) {
            feeBumpedPayment(l);
        } else {
            failedPayment(l);
        }
    }

    /** 1-3 payments of one asset from one account (an issuer's payment mints, a payment to it burns). */
    private void payments(SyntheticLedger l, Asset asset) {
        byte[] from = account();
        SyntheticLedger.Tx tx = l.tx(from, 100L * (1 + random.nextInt(3)));
        memo(tx);
        if (random.nextInt(20) == 0) {
            tx.muxedSource(random.nextLong(1, 1_000_000));
        }
        int ops = 1 + random.nextInt(3);
        for (int i = 0; i < ops; i++) {
            byte[] to = other(from);
            long amount;
            List<io.quiver.stellar.xdr.model.LedgerEntryChange> changes;
            if (asset.discriminant() == io.quiver.stellar.xdr.model.AssetType.ASSET_TYPE_NATIVE) {
                amount = amount(l.balance(from) / 50);
                changes = changes(l.account(from, -amount), l.account(to, amount));
            } else {
                byte[] issuer = issuer(asset);
                long held = l.trustlineBalance(from, asset);
                if (held < 10_0000000L) {
                    // the issuer pays: a mint
                    amount = amount(5_000_0000000L);
                    tx.op(new Operation(muxed(issuer), OperationBody.paymentOp(new PaymentOp(destination(from), asset, amount))), paid(),
                            l.trustline(from, asset, amount));
                    continue;
                }
                amount = amount(held / 4);
                changes = changes(l.trustline(from, asset, -amount), l.trustline(to, asset, amount));
            }
            tx.op(new Operation(null, OperationBody.paymentOp(new PaymentOp(destination(to), asset, amount))), paid(), changes);
        }
        tx.add();
    }

    /** XLM sold to the XLM/USDC pool, the USDC paid to another account (strict send). */
    private void pathPaymentThroughPool(SyntheticLedger l) {
        byte[] from = account();
        byte[] to = other(from);
        long sent = amount(l.balance(from) / 50);
        long[] r = l.poolReserves(xlmUsdcPool);
        long got = constantProductOut(r[0], r[1], sent);
        if (got <= 0) {
            payments(l, native_());
            return;
        }
        PathPaymentStrictSendResultSuccess ok = new PathPaymentStrictSendResultSuccess(List.of(
                ClaimAtom.liquidityPool(new ClaimLiquidityAtom(xlmUsdcPool, usdc, got, native_(), sent))),
                new SimplePaymentResult(PublicKey.ed25519(to), usdc, got));
        SyntheticLedger.Tx tx = l.tx(from, 200);
        memo(tx);
        tx.op(new Operation(null, OperationBody.pathPaymentStrictSendOp(new PathPaymentStrictSendOp(native_(), sent, destination(to), usdc,
                        got * 99 / 100, List.of()))),
                OperationResultTr.pathPaymentStrictSendResult(PathPaymentStrictSendResult.success(ok)),
                changes(l.account(from, -sent), l.pool(xlmUsdcPool, sent, -got), l.trustline(to, usdc, got))).add();
    }

    /** Exactly some EURC received for USDC, through a maker's offer selling EURC (strict receive). */
    private void pathPaymentThroughOffer(SyntheticLedger l) {
        byte[] from = account();
        byte[] to = other(from);
        byte[] maker = maker();
        long held = l.trustlineBalance(from, usdc);
        if (held < 100_0000000L) {
            payments(l, usdc);
            return;
        }
        long wanted = amount(held / 10);
        long paid = wanted * 108 / 100;
        ensureMakerHolds(l, maker, eurc, wanted);
        PathPaymentStrictReceiveResultSuccess ok = new PathPaymentStrictReceiveResultSuccess(List.of(
                ClaimAtom.orderBook(new ClaimOfferAtom(PublicKey.ed25519(maker), offerId(maker), eurc, wanted, usdc, paid))),
                new SimplePaymentResult(PublicKey.ed25519(to), eurc, wanted));
        l.tx(from, 300).op(new Operation(null, OperationBody.pathPaymentStrictReceiveOp(new PathPaymentStrictReceiveOp(usdc, paid * 2,
                        destination(to), eurc, wanted, List.of()))),
                OperationResultTr.pathPaymentStrictReceiveResult(PathPaymentStrictReceiveResult.success(ok)),
                changes(l.trustline(from, usdc, -paid), l.trustline(maker, eurc, -wanted), l.trustline(maker, usdc, paid),
                        l.trustline(to, eurc, wanted))).add();
    }

    /** An account sells XLM for USDC and crosses a maker's offer in full (the offer is deleted). */
    private void offerCrossingAMaker(SyntheticLedger l) {
        byte[] from = account();
        byte[] maker = maker();
        long sold = amount(l.balance(from) / 40);
        long bought = Math.max(1, sold * 12 / 100);
        ensureMakerHolds(l, maker, usdc, bought);
        ManageOfferSuccessResult ok = new ManageOfferSuccessResult(List.of(ClaimAtom.orderBook(new ClaimOfferAtom(PublicKey.ed25519(maker),
                offerId(maker), usdc, bought, native_(), sold))), ManageOfferSuccessResultOffer.of(ManageOfferEffect.MANAGE_OFFER_DELETED));
        l.tx(from, 100).op(new Operation(null, OperationBody.manageSellOfferOp(new ManageSellOfferOp(native_(), usdc, sold, new Price(12, 100),
                        0))), OperationResultTr.manageSellOfferResult(ManageSellOfferResult.success(ok)),
                changes(l.trustline(maker, usdc, -bought), l.account(maker, sold), l.account(from, -sold), l.trustline(from, usdc, bought)))
                .add();
    }

    private void createAccount(SyntheticLedger l) {
        byte[] from = account();
        byte[] fresh = newKey();
        long start = 5_0000000L + random.nextLong(200_0000000L);
        if (l.balance(from) < start * 2) {
            payments(l, native_());
            return;
        }
        l.tx(from, 100).op(new Operation(null, OperationBody.createAccountOp(new CreateAccountOp(PublicKey.ed25519(fresh), start))),
                OperationResultTr.createAccountResult(CreateAccountResult.of(CreateAccountResultCode.CREATE_ACCOUNT_SUCCESS)),
                changes(l.account(from, -start), l.createdAccount(fresh, start))).add();
        created.add(fresh);
    }

    /** An account created earlier in the chain merges into another (its whole balance moves). */
    private void mergeAccount(SyntheticLedger l) {
        if (created.isEmpty()) {
            createAccount(l);
            return;
        }
        byte[] gone = created.remove(random.nextInt(created.size()));
        byte[] into = account();
        long balance = l.balance(gone) - 100;
        // the merging account pays its own fee, then hands over what is left
        l.tx(gone, 100).op(new Operation(null, OperationBody.destination(destination(into))),
                OperationResultTr.accountMergeResult(AccountMergeResult.sourceAccountBalance(balance)),
                changes(l.removedAccount(gone), l.account(into, balance))).add();
    }

    private void createClaimableBalance(SyntheticLedger l) {
        byte[] from = account();
        long held = l.trustlineBalance(from, usdc);
        if (held < 10_0000000L) {
            payments(l, usdc);
            return;
        }
        long amount = amount(held / 5);
        ClaimableBalanceId id = ClaimableBalanceId.v0(NetworkIds.sha256(("balance " + settings.seed() + " " + counter++)
                .getBytes(StandardCharsets.UTF_8)));
        byte[] claimant = other(from);
        l.tx(from, 100).op(new Operation(null, OperationBody.createClaimableBalanceOp(new CreateClaimableBalanceOp(usdc, amount,
                        List.of(Claimant.v0(new ClaimantV0(PublicKey.ed25519(claimant), ClaimPredicate.of(
                                ClaimPredicateType.CLAIM_PREDICATE_UNCONDITIONAL))))))),
                OperationResultTr.createClaimableBalanceResult(CreateClaimableBalanceResult.balanceId(id)),
                changes(l.trustline(from, usdc, -amount), l.createdBalance(id, usdc, amount))).add();
    }

    private void claimClaimableBalance(SyntheticLedger l) {
        List<ClaimableBalanceEntry> open = l.claimableBalances();
        if (open.isEmpty()) {
            createClaimableBalance(l);
            return;
        }
        // the oldest by id order: deterministic whatever the map's order
        ClaimableBalanceEntry cb = open.stream().min((a, b) -> java.util.Arrays.compare(a.balanceId().v0(), b.balanceId().v0())).get();
        byte[] claimant = account();
        l.tx(claimant, 100).op(new Operation(null, OperationBody.claimClaimableBalanceOp(new ClaimClaimableBalanceOp(cb.balanceId()))),
                OperationResultTr.claimClaimableBalanceResult(ClaimClaimableBalanceResult.of(
                        ClaimClaimableBalanceResultCode.CLAIM_CLAIMABLE_BALANCE_SUCCESS)),
                changes(l.removedBalance(cb.balanceId()), l.trustline(claimant, cb.asset(), cb.amount()))).add();
    }

    /** The clawback-enabled asset: the issuer mints it, re-authorizes a holder's trustline, or claws some back. */
    private void clawAsset(SyntheticLedger l) {
        byte[] holder = regular(50);
        long held = l.trustlineBalance(holder, claw);
        SyntheticLedger.Tx tx = l.tx(clawIssuer, 100);
        if (held < 10_0000000L) {
            long amount = amount(1_000_0000000L);
            tx.op(new Operation(null, OperationBody.paymentOp(new PaymentOp(destination(holder), claw, amount))), paid(),
                    l.trustline(holder, claw, amount));
        } else if (random.nextBoolean()) {
            tx.op(new Operation(null, OperationBody.setTrustLineFlagsOp(new SetTrustLineFlagsOp(PublicKey.ed25519(holder), claw, 0, 1))),
                    OperationResultTr.setTrustLineFlagsResult(SetTrustLineFlagsResult.of(SetTrustLineFlagsResultCode.SET_TRUST_LINE_FLAGS_SUCCESS)),
                    l.trustline(holder, claw, 0));
        } else {
            long amount = amount(held / 3);
            tx.op(new Operation(null, OperationBody.clawbackOp(new ClawbackOp(claw, destination(holder), amount))),
                    OperationResultTr.clawbackResult(ClawbackResult.of(ClawbackResultCode.CLAWBACK_SUCCESS)), l.trustline(holder, claw, -amount));
        }
        tx.add();
    }

    private void poolDeposit(SyntheticLedger l) {
        byte[] from = account();
        long[] r = l.poolReserves(xlmUsdcPool);
        long xlm = amount(l.balance(from) / 50);
        long usd = BigInteger.valueOf(xlm).multiply(BigInteger.valueOf(r[1])).divide(BigInteger.valueOf(r[0])).longValueExact();
        if (usd <= 0 || l.trustlineBalance(from, usdc) < usd) {
            payments(l, usdc);
            return;
        }
        l.tx(from, 100).op(new Operation(null, OperationBody.liquidityPoolDepositOp(new LiquidityPoolDepositOp(xlmUsdcPool, xlm, usd,
                        new Price(1, 20), new Price(1, 2)))),
                OperationResultTr.liquidityPoolDepositResult(LiquidityPoolDepositResult.of(
                        LiquidityPoolDepositResultCode.LIQUIDITY_POOL_DEPOSIT_SUCCESS)),
                changes(l.account(from, -xlm), l.trustline(from, usdc, -usd), l.pool(xlmUsdcPool, xlm, usd))).add();
    }

    /** A Stellar Asset Contract call: an XLM transfer (sometimes to a muxed id), or a USDC mint or burn; CAP-67 events, a refund. */
    private void sacCall(SyntheticLedger l) {
        int kind = random.nextInt(10);
        // USDC through the contract stays among the first hundred accounts, so burns find balances
        byte[] from = kind < 6 ? account() : regular(100);
        byte[] to = kind < 6 ? other(from) : regular(100);
        long fee = 60_000 + random.nextLong(400_000);
        long refund = random.nextLong(fee / 2);
        if (kind < 6) {
            long amount = amount(l.balance(from) / 50);
            ScVal data = random.nextInt(5) == 0
                    ? ScVal.map(List.of(new ScMapEntry(sym("amount"), i128(BigInteger.valueOf(amount))),
                    new ScMapEntry(sym("to_muxed_id"), ScVal.u64(random.nextLong(1, 1_000_000)))))
                    : i128(BigInteger.valueOf(amount));
            invoke(l.tx(from, fee), xlmSac, "transfer", List.of(addr(from), addr(to), i128(BigInteger.valueOf(amount))),
                    List.of(LedgerKey.account(new LedgerKeyAccount(PublicKey.ed25519(from))),
                            LedgerKey.account(new LedgerKeyAccount(PublicKey.ed25519(to)))), refund,
                    changes(l.account(from, -amount), l.account(to, amount)),
                    event(xlmSac, data, sym("transfer"), addr(from), addr(to), str("native")));
        } else if (kind < 8 || l.trustlineBalance(from, usdc) < 10_0000000L) {
            long amount = amount(2_000_0000000L);
            invoke(l.tx(usdcIssuer, fee), usdcSac, "mint", List.of(addr(to), i128(BigInteger.valueOf(amount))),
                    List.of(trustlineKey(to, usdc)), refund, l.trustline(to, usdc, amount),
                    event(usdcSac, i128(BigInteger.valueOf(amount)), sym("mint"), addr(to), str(usdcName)));
        } else {
            long amount = amount(l.trustlineBalance(from, usdc) / 4);
            invoke(l.tx(from, fee), usdcSac, "burn", List.of(addr(from), i128(BigInteger.valueOf(amount))),
                    List.of(trustlineKey(from, usdc)), refund, l.trustline(from, usdc, -amount),
                    event(usdcSac, i128(BigInteger.valueOf(amount)), sym("burn"), addr(from), str(usdcName)));
        }
    }

    /** A custom SEP-41 token's transfer: a contract event only (its balances live in contract data), amounts past 64 bits. */
    private void customToken(SyntheticLedger l) {
        byte[] from = account();
        byte[] to = other(from);
        long fee = 80_000 + random.nextLong(300_000);
        BigInteger amount = BigInteger.valueOf(random.nextLong(1, Long.MAX_VALUE)).shiftLeft(random.nextInt(40));
        invoke(l.tx(from, fee), token, "transfer", List.of(addr(from), addr(to), i128(amount)), List.of(), random.nextLong(fee / 2), List.of(),
                event(token, i128(amount), sym("transfer"), addr(from), addr(to)));
    }

    private void feeBumpedPayment(SyntheticLedger l) {
        byte[] from = account();
        byte[] to = other(from);
        byte[] payer = maker();
        long amount = amount(l.balance(from) / 50);
        l.feeBump(from, payer, 200 + random.nextInt(800)).op(new Operation(null, OperationBody.paymentOp(new PaymentOp(destination(to),
                native_(), amount))), paid(), changes(l.account(from, -amount), l.account(to, amount))).add();
    }

    private void failedPayment(SyntheticLedger l) {
        byte[] from = account();
        l.tx(from, 100).failed().op(new Operation(null, OperationBody.paymentOp(new PaymentOp(destination(other(from)), eurc,
                        Long.MAX_VALUE / 4))),
                OperationResultTr.paymentResult(PaymentResult.of(PaymentResultCode.PAYMENT_UNDERFUNDED)), List.of()).add();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void invoke(SyntheticLedger.Tx tx, byte[] contract, String function, List<ScVal> args, List<LedgerKey> readWrite, long refund,
                        List<io.quiver.stellar.xdr.model.LedgerEntryChange> changes, ContractEvent... events) {
        long resourceFee = Math.max(1, tx.fee() - 100);
        SorobanTransactionData data = new SorobanTransactionData(SorobanTransactionDataExt.of(0), new SorobanResources(new LedgerFootprint(List.of(), readWrite),
                1_000_000 + random.nextInt(4_000_000), 2_000 + random.nextInt(8_000), 300 + random.nextInt(1_000)), resourceFee);
        tx.soroban(data, Math.min(refund, resourceFee), ScVal.of(ScValType.SCV_VOID))
                .op(new Operation(null, OperationBody.invokeHostFunctionOp(new InvokeHostFunctionOp(HostFunction.invokeContract(
                                new InvokeContractArgs(ScAddress.contractId(contract), function.getBytes(StandardCharsets.UTF_8), args)),
                                List.of()))),
                        OperationResultTr.invokeHostFunctionResult(InvokeHostFunctionResult.success(NetworkIds.sha256(
                                ("result " + counter++).getBytes(StandardCharsets.UTF_8)))), changes, List.of(events))
                .add();
    }

    /** Gives a maker enough of an asset to fill an offer (the issuer's payment, a separate transaction). */
    private void ensureMakerHolds(SyntheticLedger l, byte[] maker, Asset asset, long amount) {
        if (l.trustlineBalance(maker, asset) >= amount) {
            return;
        }
        long top = amount * 10 + 100_000_0000000L;
        l.tx(issuer(asset), 100).op(new Operation(null, OperationBody.paymentOp(new PaymentOp(muxed(maker), asset, top))), paid(),
                l.trustline(maker, asset, top)).add();
    }

    private static long constantProductOut(long reserveIn, long reserveOut, long in) {
        // x*y=k with the 0.3% fee, rounded down as core does
        BigInteger num = BigInteger.valueOf(reserveOut).multiply(BigInteger.valueOf(in)).multiply(BigInteger.valueOf(997));
        BigInteger den = BigInteger.valueOf(reserveIn).multiply(BigInteger.valueOf(1000)).add(BigInteger.valueOf(in).multiply(
                BigInteger.valueOf(997)));
        return num.divide(den).longValueExact();
    }

    private byte[] issuer(Asset asset) {
        return asset.equals(usdc) ? usdcIssuer : asset.equals(eurc) ? eurcIssuer : clawIssuer;
    }

    private long offerId(byte[] maker) {
        return 1_000_000L + counter++;
    }

    private byte[] newKey() {
        byte[] k = new byte[32];
        ByteBuffer b = ByteBuffer.wrap(k);
        for (int i = 0; i < 4; i++) {
            b.putLong(random.nextLong());
        }
        return k;
    }

    private byte[] account() {
        return accounts.get(random.nextInt(accounts.size()));
    }

    /** One of the first {@code n} accounts (the regular users of an asset). */
    private byte[] regular(int n) {
        return accounts.get(random.nextInt(Math.min(n, accounts.size())));
    }

    private byte[] other(byte[] not) {
        byte[] k;
        do {
            k = account();
        } while (k == not);
        return k;
    }

    private byte[] maker() {
        return makers.get(random.nextInt(makers.size()));
    }

    /** Between 1 stroop and {@code max} (at least 1), skewed small like real payments. */
    private long amount(long max) {
        long m = Math.max(2, max);
        long a = random.nextLong(1, m);
        return random.nextBoolean() ? Math.max(1, a / 100) : a;
    }

    private io.quiver.stellar.xdr.model.MuxedAccount destination(byte[] key) {
        return random.nextInt(10) == 0 ? muxed(key, random.nextLong(1, 1_000_000)) : muxed(key);
    }

    private void memo(SyntheticLedger.Tx tx) {
        switch (random.nextInt(6)) {
            case 0 -> tx.memo(Memo.id(random.nextLong(1, Long.MAX_VALUE)));
            case 1 -> tx.memo(Memo.text(("inv " + random.nextInt(100_000)).getBytes(StandardCharsets.UTF_8)));
            default -> {
            }
        }
    }

    private static OperationResultTr paid() {
        return OperationResultTr.paymentResult(PaymentResult.of(PaymentResultCode.PAYMENT_SUCCESS));
    }

    private static LedgerKey trustlineKey(byte[] key, Asset asset) {
        return LedgerKey.trustLine(new LedgerKeyTrustLine(PublicKey.ed25519(key), TrustLineAsset.alphaNum4(asset.alphaNum4())));
    }

    private static ContractEvent event(byte[] contract, ScVal data, ScVal... topics) {
        return new ContractEvent(ExtensionPoint.of(0), contract, ContractEventType.CONTRACT,
                ContractEventBody.v0(new ContractEventV0(List.of(topics), data)));
    }

    private static ScVal sym(String s) {
        return ScVal.sym(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ScVal str(String s) {
        return ScVal.str(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ScVal addr(byte[] account) {
        return ScVal.address(ScAddress.accountId(PublicKey.ed25519(account)));
    }

    private static ScVal i128(BigInteger v) {
        return ScVal.i128(new Int128Parts(v.shiftRight(64).longValue(), v.longValue()));
    }
}
