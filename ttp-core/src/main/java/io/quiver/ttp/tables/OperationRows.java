package io.quiver.ttp.tables;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import io.quiver.schema.LedgerTableSchemas;
import io.quiver.schema.QuiverSchema;
import io.quiver.stellar.NetworkIds;
import io.quiver.stellar.xdr.XdrJson;
import io.quiver.stellar.xdr.model.Asset;
import io.quiver.stellar.xdr.model.AssetType;
import io.quiver.stellar.xdr.model.ChangeTrustAsset;
import io.quiver.stellar.xdr.model.Claimant;
import io.quiver.stellar.xdr.model.HostFunction;
import io.quiver.stellar.xdr.model.MuxedAccount;
import io.quiver.stellar.xdr.model.Operation;
import io.quiver.stellar.xdr.model.OperationBody;
import io.quiver.stellar.xdr.model.OperationResult;
import io.quiver.stellar.xdr.model.OperationResultCode;
import io.quiver.stellar.xdr.model.OperationType;
import io.quiver.stellar.xdr.model.Price;
import io.quiver.stellar.xdr.model.SetOptionsOp;
import io.quiver.ttp.stellar.Addresses;
import io.quiver.ttp.stellar.Assets;

/**
 * The {@code Operation} row of an operation: common columns, the typed detail columns and the
 * {@code details} JSON with stellar-etl's keys, both filled by one walk over the operation body.
 */
final class OperationRows {

    private static final QuiverSchema S = LedgerTableSchemas.OPERATION_SCHEMA;
    static final int COLUMNS = S.arrowSchema().getFields().size();
    private static final int ID = S.columnIndex("id");
    private static final int TX_ID = S.columnIndex("transaction_id");
    private static final int HASH = S.columnIndex("transaction_hash");
    private static final int LEDGER = S.columnIndex("ledger_sequence");
    private static final int TX_INDEX = S.columnIndex("transaction_index");
    private static final int OP_INDEX = S.columnIndex("operation_index");
    private static final int CLOSED_AT = S.columnIndex("closed_at");
    private static final int TYPE = S.columnIndex("type");
    private static final int TYPE_STRING = S.columnIndex("type_string");
    private static final int SOURCE = S.columnIndex("source_account");
    private static final int SOURCE_MUXED = S.columnIndex("source_account_muxed");
    private static final int TX_SUCCESSFUL = S.columnIndex("transaction_successful");
    private static final int RESULT_CODE = S.columnIndex("operation_result_code");
    private static final int TRACE_CODE = S.columnIndex("operation_trace_code");
    private static final int AMOUNT = S.columnIndex("amount");
    private static final int ASSET = S.columnIndex("asset");
    private static final int ASSET_TYPE = S.columnIndex("asset_type");
    private static final int ASSET_CODE = S.columnIndex("asset_code");
    private static final int ASSET_ISSUER = S.columnIndex("asset_issuer");
    private static final int SOURCE_AMOUNT = S.columnIndex("source_amount");
    private static final int SOURCE_ASSET = S.columnIndex("source_asset");
    private static final int FROM = S.columnIndex("from");
    private static final int TO = S.columnIndex("to");
    private static final int OFFER_ID = S.columnIndex("offer_id");
    private static final int POOL_ID = S.columnIndex("liquidity_pool_id");
    private static final int BALANCE_ID = S.columnIndex("balance_id");
    private static final int CONTRACT_ID = S.columnIndex("contract_id");
    private static final int FUNCTION_NAME = S.columnIndex("function_name");
    private static final int DETAILS = S.columnIndex("details");

    private OperationRows() {
    }

    /** Each operation type's {@link #typeString}, made once (a row made it anew each time). */
    private static final String[] TYPE_STRINGS = java.util.Arrays.stream(OperationType.values())
            .map(t -> t.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    /** {@code PATH_PAYMENT_STRICT_RECEIVE} -> {@code path_payment_strict_receive}. */
    static String typeString(OperationType t) {
        return TYPE_STRINGS[t.ordinal()];
    }

    static Object[] of(TxContext c, int opIndex, Operation op, OperationResult result, byte[] networkId, String argumentsJson) {
        Object[] r = new Object[COLUMNS];
        r[ID] = Toid.operation(c.id, opIndex);
        r[TX_ID] = c.id;
        r[HASH] = c.tx.hash();
        r[LEDGER] = c.ledger;
        r[TX_INDEX] = c.index;
        r[OP_INDEX] = opIndex;
        r[CLOSED_AT] = c.closedAt;
        OperationBody body = op.body();
        r[TYPE] = body.discriminant().value();
        r[TYPE_STRING] = typeString(body.discriminant());
        String source = op.sourceAccount() == null ? c.account : Addresses.account(op.sourceAccount());
        r[SOURCE] = source;
        r[SOURCE_MUXED] = op.sourceAccount() == null ? c.accountMuxed : TxContext.muxed(op.sourceAccount());
        r[TX_SUCCESSFUL] = c.successful;
        if (result != null) {
            r[RESULT_CODE] = TxContext.operationResultCode(result);
            r[TRACE_CODE] = TxContext.operationTraceCode(result);
        }
        // sized for the contract arguments it may hold: growing a builder past them was half the cost of writing it
        DetailsJson d = new DetailsJson(512 + (argumentsJson == null ? 0 : argumentsJson.length()));
        details(r, d, body, source, result, networkId, argumentsJson);
        r[DETAILS] = d.finish();
        return r;
    }

    private static void details(Object[] r, DetailsJson d, OperationBody b, String source, OperationResult result, byte[] networkId,
                                String argumentsJson) {
        switch (b.discriminant()) {
            case CREATE_ACCOUNT -> {
                var o = b.createAccountOp();
                String account = Addresses.account(o.destination());
                d.text("funder", source);
                d.text("account", account);
                d.amount("starting_balance", o.startingBalance());
                r[FROM] = source;
                r[TO] = account;
                r[AMOUNT] = amount(o.startingBalance());
                asset(r, d, Asset.of(AssetType.ASSET_TYPE_NATIVE), "");
            }
            case PAYMENT -> {
                var o = b.paymentOp();
                d.text("from", source);
                to(r, d, "to", o.destination());
                d.amount("amount", o.amount());
                r[FROM] = source;
                r[AMOUNT] = amount(o.amount());
                asset(r, d, o.asset(), "");
            }
            case PATH_PAYMENT_STRICT_RECEIVE -> {
                var o = b.pathPaymentStrictReceiveOp();
                d.text("from", source);
                to(r, d, "to", o.destination());
                d.amount("amount", o.destAmount());
                d.amount("source_max", o.sendMax());
                r[FROM] = source;
                r[AMOUNT] = amount(o.destAmount());
                r[SOURCE_AMOUNT] = amount(o.sendMax());
                asset(r, d, o.destAsset(), "");
                asset(r, d, o.sendAsset(), "source_");
                path(d, o.path());
            }
            case PATH_PAYMENT_STRICT_SEND -> {
                var o = b.pathPaymentStrictSendOp();
                d.text("from", source);
                to(r, d, "to", o.destination());
                d.amount("source_amount", o.sendAmount());
                d.amount("destination_min", o.destMin());
                r[FROM] = source;
                r[SOURCE_AMOUNT] = amount(o.sendAmount());
                if (inner(result) && result.tr().pathPaymentStrictSendResult().discriminant().value() == 0) {
                    long got = result.tr().pathPaymentStrictSendResult().success().last().amount();
                    d.amount("amount", got);
                    r[AMOUNT] = amount(got);
                }
                asset(r, d, o.destAsset(), "");
                asset(r, d, o.sendAsset(), "source_");
                path(d, o.path());
            }
            case MANAGE_SELL_OFFER -> offer(r, d, b.manageSellOfferOp().selling(), b.manageSellOfferOp().buying(),
                    b.manageSellOfferOp().amount(), b.manageSellOfferOp().price(), b.manageSellOfferOp().offerId());
            case MANAGE_BUY_OFFER -> offer(r, d, b.manageBuyOfferOp().selling(), b.manageBuyOfferOp().buying(),
                    b.manageBuyOfferOp().buyAmount(), b.manageBuyOfferOp().price(), b.manageBuyOfferOp().offerId());
            case CREATE_PASSIVE_SELL_OFFER -> offer(r, d, b.createPassiveSellOfferOp().selling(), b.createPassiveSellOfferOp().buying(),
                    b.createPassiveSellOfferOp().amount(), b.createPassiveSellOfferOp().price(), null);
            case SET_OPTIONS -> setOptions(d, b.setOptionsOp());
            case CHANGE_TRUST -> {
                var o = b.changeTrustOp();
                ChangeTrustAsset line = o.line();
                if (line.discriminant() == AssetType.ASSET_TYPE_POOL_SHARE) {
                    String pool = TxContext.hex(NetworkIds.sha256(line.liquidityPool().toXdr()));
                    d.text("asset_type", "liquidity_pool_shares");
                    d.text("liquidity_pool_id", pool);
                    r[ASSET_TYPE] = "liquidity_pool_shares";
                    r[POOL_ID] = pool;
                } else {
                    Asset a = line.discriminant() == AssetType.ASSET_TYPE_CREDIT_ALPHANUM4
                            ? Asset.alphaNum4(line.alphaNum4()) : Asset.alphaNum12(line.alphaNum12());
                    asset(r, d, a, "");
                    d.text("trustee", (String) r[ASSET_ISSUER]);
                }
                d.text("trustor", source);
                d.amount("limit", o.limit());
                r[AMOUNT] = amount(o.limit());
            }
            case ALLOW_TRUST -> {
                var o = b.allowTrustOp();
                String code = Assets.code(o.asset().discriminant() == AssetType.ASSET_TYPE_CREDIT_ALPHANUM4
                        ? o.asset().assetCode4() : o.asset().assetCode12());
                String type = o.asset().discriminant() == AssetType.ASSET_TYPE_CREDIT_ALPHANUM4 ? "credit_alphanum4" : "credit_alphanum12";
                String trustor = Addresses.account(o.trustor());
                d.text("asset_type", type);
                d.text("asset_code", code);
                d.text("asset_issuer", source);
                d.text("trustee", source);
                d.text("trustor", trustor);
                d.bool("authorize", (o.authorize() & 1) != 0);
                d.bool("authorize_to_maintain_liabilities", (o.authorize() & 2) != 0);
                r[ASSET_CODE] = code;
                r[ASSET_ISSUER] = source;
                r[ASSET_TYPE] = type;
                r[ASSET] = code + ":" + source;
                r[TO] = trustor;
            }
            case ACCOUNT_MERGE -> {
                d.text("account", source);
                to(r, d, "into", b.destination());
                r[FROM] = source;
            }
            case INFLATION, END_SPONSORING_FUTURE_RESERVES, RESTORE_FOOTPRINT -> {
            }
            case MANAGE_DATA -> {
                var o = b.manageDataOp();
                d.text("name", new String(o.dataName(), StandardCharsets.UTF_8));
                d.text("value", o.dataValue() == null ? null : TxContext.hex(o.dataValue()));
            }
            case BUMP_SEQUENCE -> d.text("bump_to", Long.toString(b.bumpSequenceOp().bumpTo()));
            case CREATE_CLAIMABLE_BALANCE -> {
                var o = b.createClaimableBalanceOp();
                asset(r, d, o.asset(), "");
                d.amount("amount", o.amount());
                r[AMOUNT] = amount(o.amount());
                d.beginArray("claimants");
                for (Claimant cl : o.claimants()) {
                    d.beginElement()
                            .text("destination", Addresses.account(cl.v0().destination()))
                            .raw("predicate", XdrJson.render(cl.v0().predicate()))
                            .endObject();
                }
                d.endArray();
                if (inner(result) && result.tr().createClaimableBalanceResult().discriminant().value() == 0) {
                    String id = Addresses.claimableBalance(result.tr().createClaimableBalanceResult().balanceId());
                    d.text("balance_id", id);
                    r[BALANCE_ID] = id;
                }
            }
            case CLAIM_CLAIMABLE_BALANCE -> {
                String id = Addresses.claimableBalance(b.claimClaimableBalanceOp().balanceId());
                d.text("claimant", source);
                d.text("balance_id", id);
                r[BALANCE_ID] = id;
                r[TO] = source;
            }
            case BEGIN_SPONSORING_FUTURE_RESERVES -> d.text("sponsored_id", Addresses.account(b.beginSponsoringFutureReservesOp().sponsoredId()));
            case REVOKE_SPONSORSHIP -> d.raw("revoke_sponsorship", XdrJson.render(b.revokeSponsorshipOp()));
            case CLAWBACK -> {
                var o = b.clawbackOp();
                asset(r, d, o.asset(), "");
                d.text("from", Addresses.account(o.from()));
                String m = TxContext.muxed(o.from());
                if (m != null) {
                    d.text("from_muxed", m);
                }
                d.amount("amount", o.amount());
                r[FROM] = Addresses.account(o.from());
                r[AMOUNT] = amount(o.amount());
            }
            case CLAWBACK_CLAIMABLE_BALANCE -> {
                String id = Addresses.claimableBalance(b.clawbackClaimableBalanceOp().balanceId());
                d.text("balance_id", id);
                r[BALANCE_ID] = id;
            }
            case SET_TRUST_LINE_FLAGS -> {
                var o = b.setTrustLineFlagsOp();
                asset(r, d, o.asset(), "");
                String trustor = Addresses.account(o.trustor());
                d.text("trustor", trustor);
                d.number("set_flags", Integer.toUnsignedLong(o.setFlags()));
                d.number("clear_flags", Integer.toUnsignedLong(o.clearFlags()));
                r[TO] = trustor;
            }
            case LIQUIDITY_POOL_DEPOSIT -> {
                var o = b.liquidityPoolDepositOp();
                String pool = TxContext.hex(o.liquidityPoolId());
                d.text("liquidity_pool_id", pool);
                d.amount("reserve_a_max_amount", o.maxAmountA());
                d.amount("reserve_b_max_amount", o.maxAmountB());
                price(d, "min_price", o.minPrice());
                price(d, "max_price", o.maxPrice());
                r[POOL_ID] = pool;
            }
            case LIQUIDITY_POOL_WITHDRAW -> {
                var o = b.liquidityPoolWithdrawOp();
                String pool = TxContext.hex(o.liquidityPoolId());
                d.text("liquidity_pool_id", pool);
                d.amount("shares", o.amount());
                d.amount("reserve_a_min_amount", o.minAmountA());
                d.amount("reserve_b_min_amount", o.minAmountB());
                r[POOL_ID] = pool;
                r[AMOUNT] = amount(o.amount());
            }
            case INVOKE_HOST_FUNCTION -> {
                HostFunction f = b.invokeHostFunctionOp().hostFunction();
                d.text("type", InvocationRows.hostFunctionType(f));
                String contract = InvocationRows.contractId(f, networkId);
                if (contract != null) {
                    d.text("contract_id", contract);
                    r[CONTRACT_ID] = contract;
                }
                if (f.discriminant() == io.quiver.stellar.xdr.model.HostFunctionType.HOST_FUNCTION_TYPE_INVOKE_CONTRACT) {
                    String fn = new String(f.invokeContract().functionName(), StandardCharsets.UTF_8);
                    d.text("function", fn);
                    r[FUNCTION_NAME] = fn;
                    d.raw("parameters", argumentsJson);
                }
            }
            case EXTEND_FOOTPRINT_TTL -> d.number("extend_to", Integer.toUnsignedLong(b.extendFootprintTtlOp().extendTo()));
        }
    }

    private static void offer(Object[] r, DetailsJson d, Asset selling, Asset buying, long amount, Price price, Long offerId) {
        d.amount("amount", amount);
        price(d, "price", price);
        if (offerId != null) {
            d.number("offer_id", offerId);
            r[OFFER_ID] = offerId;
        }
        assetFields(d, selling, "selling_");
        assetFields(d, buying, "buying_");
        r[AMOUNT] = amount(amount);
    }

    private static void setOptions(DetailsJson d, SetOptionsOp o) {
        if (o.inflationDest() != null) {
            d.text("inflation_dest", Addresses.account(o.inflationDest()));
        }
        putUnsigned(d, "clear_flags", o.clearFlags());
        putUnsigned(d, "set_flags", o.setFlags());
        putUnsigned(d, "master_key_weight", o.masterWeight());
        putUnsigned(d, "low_threshold", o.lowThreshold());
        putUnsigned(d, "med_threshold", o.medThreshold());
        putUnsigned(d, "high_threshold", o.highThreshold());
        if (o.homeDomain() != null) {
            d.text("home_domain", new String(o.homeDomain(), StandardCharsets.UTF_8));
        }
        if (o.signer() != null) {
            d.text("signer_key", TransactionRows.signer(o.signer().key()));
            d.number("signer_weight", Integer.toUnsignedLong(o.signer().weight()));
        }
    }

    private static void putUnsigned(DetailsJson d, String key, Integer v) {
        if (v != null) {
            d.number(key, Integer.toUnsignedLong(v));
        }
    }

    private static void to(Object[] r, DetailsJson d, String key, MuxedAccount a) {
        String g = Addresses.account(a);
        d.text(key, g);
        String m = TxContext.muxed(a);
        if (m != null) {
            d.text(key + "_muxed", m);
        }
        r[TO] = g;
    }

    private static void path(DetailsJson d, List<Asset> path) {
        d.beginArray("path");
        for (Asset a : path) {
            d.beginElement();
            assetFields(d, a, "");
            d.endObject();
        }
        d.endArray();
    }

    private static void price(DetailsJson d, String key, Price p) {
        d.ratio(key, p.n(), p.d());
        d.beginObject(key + "_r").number("n", p.n()).number("d", p.d()).endObject();
    }

    /** The asset columns (for {@code prefix} "" the typed ones too) and their detail keys. */
    private static void asset(Object[] r, DetailsJson d, Asset a, String prefix) {
        io.quiver.ttp.model.Asset m = Assets.of(a); // once: the issuer's strkey is most of it
        assetFields(d, a, m, prefix);
        String canonical = a.discriminant() == AssetType.ASSET_TYPE_NATIVE ? "native" : m.code() + ":" + m.issuer();
        if (prefix.isEmpty()) {
            r[ASSET] = canonical;
            r[ASSET_TYPE] = assetType(a);
            r[ASSET_CODE] = m.code();
            r[ASSET_ISSUER] = m.issuer();
        } else {
            r[SOURCE_ASSET] = canonical;
        }
    }

    private static void assetFields(DetailsJson d, Asset a, String prefix) {
        assetFields(d, a, a.discriminant() == AssetType.ASSET_TYPE_NATIVE ? null : Assets.of(a), prefix);
    }

    /** {@code m}: {@code a} as an event asset (unused for the native asset). */
    private static void assetFields(DetailsJson d, Asset a, io.quiver.ttp.model.Asset m, String prefix) {
        d.text(prefix + "asset_type", assetType(a));
        if (a.discriminant() != AssetType.ASSET_TYPE_NATIVE) {
            d.text(prefix + "asset_code", m.code());
            d.text(prefix + "asset_issuer", m.issuer());
        }
    }

    private static String assetType(Asset a) {
        return switch (a.discriminant()) {
            case ASSET_TYPE_NATIVE -> "native";
            case ASSET_TYPE_CREDIT_ALPHANUM4 -> "credit_alphanum4";
            case ASSET_TYPE_CREDIT_ALPHANUM12 -> "credit_alphanum12";
            case ASSET_TYPE_POOL_SHARE -> "liquidity_pool_shares";
        };
    }

    private static boolean inner(OperationResult r) {
        return r != null && r.discriminant() == OperationResultCode.OP_INNER;
    }

    /** Stroops as units of the asset, exactly. */
    static BigDecimal amount(long stroops) {
        return BigDecimal.valueOf(stroops, 7);
    }
}
