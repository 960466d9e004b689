package io.quiver.ttp.testledger;

import static io.quiver.ttp.testledger.TestLedger.changes;
import static io.quiver.ttp.testledger.TestLedger.credit;
import static io.quiver.ttp.testledger.TestLedger.g;
import static io.quiver.ttp.testledger.TestLedger.key;
import static io.quiver.ttp.testledger.TestLedger.muxed;
import static io.quiver.ttp.testledger.TestLedger.native_;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.StrKey;
import io.quiver.stellar.xdr.XdrWriter;
import io.quiver.stellar.xdr.model.*;
import io.quiver.ttp.derived.DerivedEventsExtractor;
import io.quiver.ttp.model.MuxedInfo;
import io.quiver.ttp.model.TokenTransferEvent;
import io.quiver.ttp.verify.EventVerifier;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One test per row of the operations table (TTP reference, section 6), each on a ledger built with
 * Quiver's XDR model ({@link TestLedger}) and encoded to bytes and back: the derived events are
 * checked one by one, and the verifier must find them consistent with the ledger-entry changes.
 */
class OperationEventsTest {

    static final byte[] A = key(1);
    static final byte[] B = key(2);
    static final byte[] ISSUER = key(3);
    static final byte[] PAYER = key(4);
    static final byte[] SELLER = key(5);
    static final Asset USD = credit("USD", ISSUER);
    static final Asset XLM = native_();
    static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put(g(A), "A");
        NAMES.put(g(B), "B");
        NAMES.put(g(ISSUER), "I");
        NAMES.put(g(PAYER), "P");
        NAMES.put(g(SELLER), "S");
    }

    private List<String> events(TestLedger ledger) {
        LedgerCloseMeta meta = ledger.build();
        List<TokenTransferEvent> events = new DerivedEventsExtractor(TestLedger.PASSPHRASE).extract(meta);
        assertEquals(List.of(), new EventVerifier(TestLedger.PASSPHRASE).verify(meta, events).stream().map(Object::toString).toList(),
                "events must explain every balance change");
        List<String> out = new ArrayList<>();
        for (TokenTransferEvent e : events) {
            if (e.meta().operationIndex() != null) {
                out.add(describe(e));
            }
        }
        return out;
    }

    /** "op1 transfer A->B 100 native [id 7]": the parts of an event a test states. */
    static String describe(TokenTransferEvent e) {
        String asset = e.asset() == null ? "(no asset)" : e.asset().isNative() ? "native" : e.asset().code();
        MuxedInfo m = e.meta().toMuxedInfo();
        String muxed = m == null ? "" : m.id() != null ? " [id " + Long.toUnsignedString(m.id()) + "]"
                : m.text() != null ? " [text " + m.text() + "]" : " [hash]";
        return "op" + e.meta().operationIndex() + " " + e.type().name().toLowerCase() + " " + name(e.from()) + "->" + name(e.to()) + " "
                + e.amount() + " " + asset + muxed;
    }

    static String name(String address) {
        if (address == null) {
            return "";
        }
        return NAMES.getOrDefault(address, address.substring(0, 1) + "…");
    }

    static Operation op(OperationBody body) {
        return new Operation(null, body);
    }

    static OperationResultTr payOk() {
        return OperationResultTr.paymentResult(PaymentResult.of(PaymentResultCode.PAYMENT_SUCCESS));
    }

    // ---- rows of the table ------------------------------------------------------------------

    @Test
    void createAccountTransfersTheStartingBalanceWithTheMemo() {
        TestLedger l = new TestLedger(22);
        l.tx(A).memo(Memo.text("invoice 12".getBytes(StandardCharsets.UTF_8)))
                .op(op(OperationBody.createAccountOp(new CreateAccountOp(PublicKey.ed25519(B), 50_0000000))),
                        OperationResultTr.createAccountResult(CreateAccountResult.of(CreateAccountResultCode.CREATE_ACCOUNT_SUCCESS)),
                        changes(l.account(A, -50_0000000), l.createdAccount(B, 50_0000000)))
                .add();
        assertEquals(List.of("op1 transfer A->B 500000000 native [text invoice 12]"), events(l));
    }

    @Test
    void paymentsFollowTheIssuerRuleAndMuxedDestinations() {
        TestLedger l = new TestLedger(22);
        l.tx(ISSUER)
                .op(op(OperationBody.paymentOp(new PaymentOp(muxed(A, 77), USD, 500))), payOk(), l.trustline(A, USD, 500))
                .op(new Operation(muxed(A), OperationBody.paymentOp(new PaymentOp(muxed(B), USD, 200))), payOk(),
                        changes(l.trustline(A, USD, -200), l.trustline(B, USD, 200)))
                .op(new Operation(muxed(B), OperationBody.paymentOp(new PaymentOp(muxed(ISSUER), USD, 50))), payOk(), l.trustline(B, USD, -50))
                .op(op(OperationBody.paymentOp(new PaymentOp(muxed(B, 9), XLM, 1000))), payOk(),
                        changes(l.account(ISSUER, -1000), l.account(B, 1000)))
                .memo(Memo.id(42))
                .add();
        assertEquals(List.of(
                "op1 mint ->A 500 USD [id 77]",
                "op2 transfer A->B 200 USD [id 42]",
                "op3 burn B-> 50 USD",
                "op4 transfer I->B 1000 native [id 9]"), events(l));
    }

    @Test
    void feeBumpChargesThePayerAndAFailedTransactionOnlyItsFee() {
        TestLedger l = new TestLedger(22);
        l.feeBump(A, PAYER, 300)
                .op(op(OperationBody.paymentOp(new PaymentOp(muxed(B), XLM, 10))), payOk(), changes(l.account(A, -10), l.account(B, 10)))
                .add();
        l.tx(B).failed()
                .op(op(OperationBody.paymentOp(new PaymentOp(muxed(A), XLM, 10))),
                        OperationResultTr.paymentResult(PaymentResult.of(PaymentResultCode.PAYMENT_UNDERFUNDED)), List.of())
                .add();
        LedgerCloseMeta meta = l.build();
        List<TokenTransferEvent> all = new DerivedEventsExtractor(TestLedger.PASSPHRASE).extract(meta);
        assertEquals(List.of(), new EventVerifier(TestLedger.PASSPHRASE).verify(meta, all));
        assertEquals(List.of("fee P 300", "fee B 100", "op1 transfer A->B 10 native"), all.stream()
                .map(e -> e.meta().operationIndex() == null ? "fee " + name(e.from()) + " " + e.amount() : describe(e)).toList());
    }

    @Test
    void accountMergeMovesTheWholeBalance() {
        TestLedger l = new TestLedger(22);
        long balance = TestLedger.START_BALANCE;
        l.tx(B).op(new Operation(muxed(A), OperationBody.destination(muxed(B, 5))),
                OperationResultTr.accountMergeResult(AccountMergeResult.sourceAccountBalance(balance)),
                changes(l.removedAccount(A), l.account(B, balance))).add();
        assertEquals(List.of("op1 transfer A->B " + balance + " native [id 5]"), events(l));
    }

    @Test
    void pathPaymentsTradeThroughOffersAndPoolsThenPayTheDestination() {
        TestLedger l = new TestLedger(22);
        Asset eur = credit("EUR", ISSUER);
        byte[] pool = TestLedger.poolId(1);
        l.existingPool(pool, eur, USD, 10_000, 10_000);
        l.trustline(A, USD, 1000);
        l.trustline(SELLER, eur, 1000);
        // strict send: A sends 100 USD; the pool gives 98 EUR for them... no: an offer sells A 50 EUR for 50 USD,
        // then the pool gives 49 EUR for the other 50 USD; B receives 99 EUR.
        PathPaymentStrictSendResultSuccess send = new PathPaymentStrictSendResultSuccess(List.of(
                ClaimAtom.orderBook(new ClaimOfferAtom(PublicKey.ed25519(SELLER), 7, eur, 50, USD, 50)),
                ClaimAtom.liquidityPool(new ClaimLiquidityAtom(pool, eur, 49, USD, 50))),
                new SimplePaymentResult(PublicKey.ed25519(B), eur, 99));
        l.tx(A).op(op(OperationBody.pathPaymentStrictSendOp(new PathPaymentStrictSendOp(USD, 100, muxed(B, 3), eur, 90, List.of()))),
                OperationResultTr.pathPaymentStrictSendResult(PathPaymentStrictSendResult.success(send)),
                changes(l.trustline(A, USD, -100), l.trustline(SELLER, eur, -50), l.trustline(SELLER, USD, 50), l.pool(pool, -49, 50),
                        l.trustline(B, eur, 99))).add();
        // strict receive: B gets exactly 20 USD for XLM sold by the issuer's offer (a mint of USD to A on the way)
        PathPaymentStrictReceiveResultSuccess receive = new PathPaymentStrictReceiveResultSuccess(List.of(
                ClaimAtom.v0(new ClaimOfferAtomV0(ISSUER, 8, USD, 20, XLM, 30))), new SimplePaymentResult(PublicKey.ed25519(B), USD, 20));
        l.tx(A).op(op(OperationBody.pathPaymentStrictReceiveOp(new PathPaymentStrictReceiveOp(XLM, 40, muxed(B), USD, 20, List.of()))),
                OperationResultTr.pathPaymentStrictReceiveResult(PathPaymentStrictReceiveResult.success(receive)),
                changes(l.account(A, -30), l.account(ISSUER, 30), l.trustline(B, USD, 20))).add();
        assertEquals(List.of(
                "op1 transfer S->A 50 EUR",
                "op1 transfer A->S 50 USD",
                "op1 transfer L…->A 49 EUR",
                "op1 transfer A->L… 50 USD",
                "op1 transfer A->B 99 EUR [id 3]",
                "op1 mint ->A 20 USD",
                "op1 transfer A->I 30 native",
                "op1 transfer A->B 20 USD"), events(l));
    }

    @Test
    void offersReportEveryClaimedAtom() {
        TestLedger l = new TestLedger(22);
        l.trustline(SELLER, USD, 1000);
        ManageOfferSuccessResult sell = new ManageOfferSuccessResult(List.of(
                ClaimAtom.orderBook(new ClaimOfferAtom(PublicKey.ed25519(SELLER), 1, USD, 10, XLM, 20))),
                ManageOfferSuccessResultOffer.of(ManageOfferEffect.MANAGE_OFFER_DELETED));
        ManageOfferSuccessResult buy = new ManageOfferSuccessResult(List.of(
                ClaimAtom.orderBook(new ClaimOfferAtom(PublicKey.ed25519(SELLER), 2, USD, 5, XLM, 10))),
                ManageOfferSuccessResultOffer.of(ManageOfferEffect.MANAGE_OFFER_DELETED));
        ManageOfferSuccessResult passive = new ManageOfferSuccessResult(List.of(
                ClaimAtom.orderBook(new ClaimOfferAtom(PublicKey.ed25519(SELLER), 3, XLM, 6, USD, 3))),
                ManageOfferSuccessResultOffer.of(ManageOfferEffect.MANAGE_OFFER_DELETED));
        Price p = new Price(1, 2);
        l.tx(A)
                .op(op(OperationBody.manageSellOfferOp(new ManageSellOfferOp(XLM, USD, 20, p, 0))),
                        OperationResultTr.manageSellOfferResult(ManageSellOfferResult.success(sell)),
                        changes(l.trustline(SELLER, USD, -10), l.account(SELLER, 20), l.account(A, -20), l.trustline(A, USD, 10)))
                .op(op(OperationBody.manageBuyOfferOp(new ManageBuyOfferOp(XLM, USD, 5, p, 0))),
                        OperationResultTr.manageBuyOfferResult(ManageBuyOfferResult.success(buy)),
                        changes(l.trustline(SELLER, USD, -5), l.account(SELLER, 10), l.account(A, -10), l.trustline(A, USD, 5)))
                .op(op(OperationBody.createPassiveSellOfferOp(new CreatePassiveSellOfferOp(USD, XLM, 3, p))),
                        OperationResultTr.createPassiveSellOfferResult(ManageSellOfferResult.success(passive)),
                        changes(l.account(SELLER, -6), l.trustline(SELLER, USD, 3), l.trustline(A, USD, -3), l.account(A, 6)))
                .add();
        assertEquals(List.of(
                "op1 transfer S->A 10 USD", "op1 transfer A->S 20 native",
                "op2 transfer S->A 5 USD", "op2 transfer A->S 10 native",
                "op3 transfer S->A 6 native", "op3 transfer A->S 3 USD"), events(l));
    }

    @Test
    void claimableBalancesAreCreatedClaimedAndClawedBack() {
        TestLedger l = new TestLedger(22);
        ClaimableBalanceId created = ClaimableBalanceId.v0(filled(0x11));
        ClaimableBalanceId old = ClaimableBalanceId.v0(filled(0x22));
        ClaimableBalanceId toIssuer = ClaimableBalanceId.v0(filled(0x33));
        ClaimableBalanceId clawed = ClaimableBalanceId.v0(filled(0x44));
        l.existingBalance(old, USD, 70);
        l.existingBalance(toIssuer, USD, 30);
        l.existingBalance(clawed, USD, 15);
        l.tx(ISSUER)
                .op(op(OperationBody.createClaimableBalanceOp(new CreateClaimableBalanceOp(USD, 400, List.of()))),
                        OperationResultTr.createClaimableBalanceResult(CreateClaimableBalanceResult.balanceId(created)),
                        l.createdBalance(created, USD, 400))
                .op(new Operation(muxed(A, 12), OperationBody.claimClaimableBalanceOp(new ClaimClaimableBalanceOp(old))),
                        OperationResultTr.claimClaimableBalanceResult(ClaimClaimableBalanceResult.of(
                                ClaimClaimableBalanceResultCode.CLAIM_CLAIMABLE_BALANCE_SUCCESS)),
                        changes(l.removedBalance(old), l.trustline(A, USD, 70)))
                .op(op(OperationBody.claimClaimableBalanceOp(new ClaimClaimableBalanceOp(toIssuer))),
                        OperationResultTr.claimClaimableBalanceResult(ClaimClaimableBalanceResult.of(
                                ClaimClaimableBalanceResultCode.CLAIM_CLAIMABLE_BALANCE_SUCCESS)),
                        l.removedBalance(toIssuer))
                .op(op(OperationBody.clawbackClaimableBalanceOp(new ClawbackClaimableBalanceOp(clawed))),
                        OperationResultTr.clawbackClaimableBalanceResult(ClawbackClaimableBalanceResult.of(
                                ClawbackClaimableBalanceResultCode.CLAWBACK_CLAIMABLE_BALANCE_SUCCESS)),
                        l.removedBalance(clawed))
                .op(op(OperationBody.clawbackOp(new ClawbackOp(USD, muxed(A, 99), 25))),
                        OperationResultTr.clawbackResult(ClawbackResult.of(ClawbackResultCode.CLAWBACK_SUCCESS)), l.trustline(A, USD, -25))
                .add();
        assertEquals(List.of(
                "op1 mint ->B… 400 USD",
                "op2 transfer B…->A 70 USD [id 12]",
                "op3 burn B…-> 30 USD",
                "op4 clawback B…-> 15 USD",
                "op5 clawback A-> 25 USD"), events(l));
    }

    @Test
    void poolDepositAndWithdrawMoveTheReserveDeltas() {
        TestLedger l = new TestLedger(22);
        byte[] pool = TestLedger.poolId(2);
        l.existingPool(pool, XLM, USD, 1000, 500);
        l.trustline(A, USD, 1000);
        l.tx(A)
                .op(op(OperationBody.liquidityPoolDepositOp(new LiquidityPoolDepositOp(pool, 200, 100, new Price(1, 1), new Price(3, 1)))),
                        OperationResultTr.liquidityPoolDepositResult(LiquidityPoolDepositResult.of(
                                LiquidityPoolDepositResultCode.LIQUIDITY_POOL_DEPOSIT_SUCCESS)),
                        changes(l.account(A, -200), l.trustline(A, USD, -100), l.pool(pool, 200, 100)))
                .op(new Operation(muxed(A, 4), OperationBody.liquidityPoolWithdrawOp(new LiquidityPoolWithdrawOp(pool, 10, 0, 0))),
                        OperationResultTr.liquidityPoolWithdrawResult(LiquidityPoolWithdrawResult.of(
                                LiquidityPoolWithdrawResultCode.LIQUIDITY_POOL_WITHDRAW_SUCCESS)),
                        changes(l.pool(pool, -120, 0), l.account(A, 120)))
                .add();
        assertEquals(List.of(
                "op1 transfer A->L… 200 native", "op1 transfer A->L… 100 USD",
                "op2 transfer L…->A 120 native [id 4]", "op2 transfer L…->A 0 USD [id 4]"), events(l));
    }

    @Test
    void revocationMovesPoolSharesIntoClaimableBalancesOrBackToTheIssuer() throws Exception {
        TestLedger l = new TestLedger(22);
        Asset eur = credit("EUR", A); // A issues EUR: its own share of EUR goes back to it
        byte[] pool1 = TestLedger.poolId(3);
        byte[] pool2 = TestLedger.poolId(4);
        l.existingPool(pool1, XLM, USD, 1000, 1000);
        l.existingPool(pool2, eur, USD, 800, 800);
        TestLedger.Tx tx = l.tx(ISSUER);
        // SetTrustLineFlags (op 1) revokes B's USD: B's pool-1 share becomes two claimable balances
        ClaimableBalanceId xlmBack = ClaimableBalanceId.v0(revokeId(ISSUER, tx.seqNum(), 0, pool1, XLM));
        ClaimableBalanceId usdBack = ClaimableBalanceId.v0(revokeId(ISSUER, tx.seqNum(), 0, pool1, USD));
        tx.op(op(OperationBody.setTrustLineFlagsOp(new SetTrustLineFlagsOp(PublicKey.ed25519(B), USD, 1, 0))),
                OperationResultTr.setTrustLineFlagsResult(SetTrustLineFlagsResult.of(SetTrustLineFlagsResultCode.SET_TRUST_LINE_FLAGS_SUCCESS)),
                changes(l.removedPoolShare(B, pool1), l.pool(pool1, -100, -100), l.createdBalance(xlmBack, XLM, 100),
                        l.createdBalance(usdBack, USD, 100)));
        // AllowTrust (op 2) revokes A's USD: A's pool-2 share: USD into a balance, EUR (A's own) burned
        ClaimableBalanceId usd2 = ClaimableBalanceId.v0(revokeId(ISSUER, tx.seqNum(), 1, pool2, USD));
        tx.op(op(OperationBody.allowTrustOp(new AllowTrustOp(PublicKey.ed25519(A), AssetCode.assetCode4("USD\0".getBytes(
                        StandardCharsets.US_ASCII)), 0))),
                OperationResultTr.allowTrustResult(AllowTrustResult.of(AllowTrustResultCode.ALLOW_TRUST_SUCCESS)),
                changes(l.removedPoolShare(A, pool2), l.pool(pool2, -40, -60), l.createdBalance(usd2, USD, 60)));
        tx.add();
        assertEquals(List.of(
                "op1 transfer L…->B… 100 native",
                "op1 transfer L…->B… 100 USD",
                "op2 burn L…-> 40 EUR",
                "op2 transfer L…->B… 60 USD"), events(l));
    }

    @Test
    void inflationMintsEachPayout() {
        TestLedger l = new TestLedger(7);
        l.tx(A).op(op(OperationBody.of(OperationType.INFLATION)),
                OperationResultTr.inflationResult(InflationResult.payouts(List.of(new InflationPayout(PublicKey.ed25519(B), 300),
                        new InflationPayout(PublicKey.ed25519(SELLER), 200)))),
                changes(l.account(B, 300), l.account(SELLER, 200))).add();
        assertEquals(List.of("op1 mint ->B 300 native", "op1 mint ->S 200 native"), events(l));
    }

    @Test
    void beforeProtocol8TheSourcesUnexplainedXlmIsReconciled() {
        TestLedger l = new TestLedger(7);
        // the source lost 10 more than it paid (burned), then gained 5 it was not paid (minted)
        l.tx(A).op(op(OperationBody.paymentOp(new PaymentOp(muxed(B), XLM, 100))), payOk(), changes(l.account(A, -110), l.account(B, 100)))
                .op(op(OperationBody.paymentOp(new PaymentOp(muxed(B), XLM, 100))), payOk(), changes(l.account(A, -95), l.account(B, 100)))
                .add();
        assertEquals(List.of(
                "op1 transfer A->B 100 native", "op1 burn A-> 10 native",
                "op2 mint ->A 5 native", "op2 transfer A->B 100 native"), events(l));
        TestLedger later = new TestLedger(8);
        later.tx(A).op(op(OperationBody.paymentOp(new PaymentOp(muxed(B), XLM, 100))), payOk(),
                changes(later.account(A, -100), later.account(B, 100))).add();
        assertEquals(List.of("op1 transfer A->B 100 native"), events(later));
    }

    @Test
    void invokeHostFunctionReadsSacAndCustomTokenEventsInTheOldLayout() {
        TestLedger l = new TestLedger(22);
        byte[] xlmSac = contract(NetworkIds.nativeAssetContract(TestLedger.PASSPHRASE));
        byte[] usdSac = contract(NetworkIds.issuedAssetContract(TestLedger.PASSPHRASE, "USD", g(ISSUER)));
        byte[] custom = filled(0x77);
        String usdName = "USD:" + g(ISSUER);
        BigInteger huge = BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(5));
        List<ContractEvent> events = List.of(
                event(xlmSac, i128(250), sym("transfer"), addr(A), addr(B), str("native")),
                event(usdSac, i128(40), sym("transfer"), addr(ISSUER), addr(A), str(usdName)), // v3 SAC: issuer transfer = mint
                event(usdSac, i128(7), sym("mint"), addr(ISSUER), addr(B), str(usdName)),
                event(usdSac, i128(3), sym("burn"), addr(B), str(usdName)),
                event(custom, i128(huge), sym("transfer"), addr(A), addr(B)),
                event(xlmSac, i128(1), sym("transfer"), addr(A), addr(B), str(usdName)), // wrong asset for this contract
                event(xlmSac, i128(1), sym("approve"), addr(A), addr(B)));
        l.tx(A).op(op(invoke()), OperationResultTr.invokeHostFunctionResult(InvokeHostFunctionResult.success(new byte[32])),
                changes(l.account(A, -250), l.account(B, 250), l.trustline(A, USD, 40), l.trustline(B, USD, 7), l.trustline(B, USD, -3)),
                events).add();
        assertEquals(List.of(
                "op1 transfer A->B 250 native",
                "op1 mint ->A 40 USD",
                "op1 mint ->B 7 USD",
                "op1 burn B-> 3 USD",
                "op1 transfer A->B 18446744073709551621 (no asset)",
                "op1 transfer A->B 1 (no asset)"), events(l));
    }

    @Test
    void invokeHostFunctionReadsTheCap67LayoutWithMuxedIds() {
        TestLedger l = new TestLedger(23);
        byte[] xlmSac = contract(NetworkIds.nativeAssetContract(TestLedger.PASSPHRASE));
        byte[] usdSac = contract(NetworkIds.issuedAssetContract(TestLedger.PASSPHRASE, "USD", g(ISSUER)));
        String usdName = "USD:" + g(ISSUER);
        ScVal withMuxed = ScVal.map(List.of(new ScMapEntry(sym("amount"), i128(BigInteger.valueOf(90))),
                new ScMapEntry(sym("to_muxed_id"), ScVal.u64(31))));
        List<ContractEvent> events = List.of(
                event(xlmSac, withMuxed, sym("transfer"), addr(A), addr(B), str("native")),
                event(usdSac, i128(12), sym("mint"), addr(B), str(usdName)),
                event(usdSac, i128(2), sym("clawback"), addr(B), str(usdName)));
        l.tx(A).op(op(invoke()), OperationResultTr.invokeHostFunctionResult(InvokeHostFunctionResult.success(new byte[32])),
                changes(l.account(A, -90), l.account(B, 90), l.trustline(B, USD, 12), l.trustline(B, USD, -2)), events).add();
        assertEquals(List.of(
                "op1 transfer A->B 90 native [id 31]",
                "op1 mint ->B 12 USD",
                "op1 clawback B-> 2 USD"), events(l));
    }

    @Test
    void theVerifierReportsAnEventThatDoesNotMatchTheChanges() {
        TestLedger l = new TestLedger(22);
        // B receives 100 in the entries, but the operation says 90
        l.tx(A).op(op(OperationBody.paymentOp(new PaymentOp(muxed(B), XLM, 90))), payOk(), changes(l.account(A, -90), l.account(B, 100))).add();
        LedgerCloseMeta meta = l.build();
        List<EventVerifier.Mismatch> m = new EventVerifier(TestLedger.PASSPHRASE).verify(meta,
                new DerivedEventsExtractor(TestLedger.PASSPHRASE).extract(meta));
        assertEquals(1, m.size(), m.toString());
        assertEquals(g(B), m.get(0).holder());
        assertEquals(BigInteger.valueOf(100), m.get(0).byChanges());
        assertEquals(BigInteger.valueOf(90), m.get(0).byEvents());
    }

    // ---- helpers ------------------------------------------------------------------------------

    static byte[] filled(int b) {
        byte[] x = new byte[32];
        Arrays.fill(x, (byte) b);
        return x;
    }

    /** CAP-38's id of a claimable balance made by a revocation, spelled out from the CAP. */
    static byte[] revokeId(byte[] txSource, long seq, int opIndex, byte[] pool, Asset asset) throws Exception {
        XdrWriter w = new XdrWriter();
        w.writeInt(EnvelopeType.ENVELOPE_TYPE_POOL_REVOKE_OP_ID.value());
        PublicKey.ed25519(txSource).encode(w);
        w.writeHyper(seq);
        w.writeInt(opIndex);
        w.writeFixedOpaque(pool);
        asset.encode(w);
        return MessageDigest.getInstance("SHA-256").digest(w.toByteArray());
    }

    static byte[] contract(String c) {
        return StrKey.decode(StrKey.Kind.CONTRACT, c);
    }

    static OperationBody invoke() {
        return OperationBody.invokeHostFunctionOp(new InvokeHostFunctionOp(HostFunction.wasm(new byte[] {0, 'a', 's', 'm'}), List.of()));
    }

    static ContractEvent event(byte[] contract, ScVal data, ScVal... topics) {
        return new ContractEvent(ExtensionPoint.of(0), contract, ContractEventType.CONTRACT,
                ContractEventBody.v0(new ContractEventV0(List.of(topics), data)));
    }

    static ScVal sym(String s) {
        return ScVal.sym(s.getBytes(StandardCharsets.UTF_8));
    }

    static ScVal str(String s) {
        return ScVal.str(s.getBytes(StandardCharsets.UTF_8));
    }

    static ScVal addr(byte[] account) {
        return ScVal.address(ScAddress.accountId(PublicKey.ed25519(account)));
    }

    static ScVal i128(long v) {
        return i128(BigInteger.valueOf(v));
    }

    static ScVal i128(BigInteger v) {
        return ScVal.i128(new Int128Parts(v.shiftRight(64).longValue(), v.longValue()));
    }
}
