package io.quiver.ttp.tables;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.quiver.schema.LedgerTableSchemas;
import io.quiver.schema.QuiverSchema;
import io.quiver.schema.rows.JsonText;
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

    /** Details are built as a small tree, then written by {@link #write} (exact decimals as plain numbers: 10.0000000, never 1E+1). */
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private OperationRows() {
    }

    /** {@code PATH_PAYMENT_STRICT_RECEIVE} -> {@code path_payment_strict_receive}. */
    static String typeString(OperationType t) {
        return t.name().toLowerCase(Locale.ROOT);
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
        ObjectNode d = NODES.objectNode();
        details(r, d, body, source, result, networkId, argumentsJson);
        // sized for the contract arguments it may hold: growing a builder past them was half the cost of writing it
        StringBuilder json = new StringBuilder(512 + (argumentsJson == null ? 0 : argumentsJson.length()));
        write(json, d);
        r[DETAILS] = json.toString();
        return r;
    }

    private static void details(Object[] r, ObjectNode d, OperationBody b, String source, OperationResult result, byte[] networkId,
                                String argumentsJson) {
        switch (b.discriminant()) {
            case CREATE_ACCOUNT -> {
                var o = b.createAccountOp();
                String account = Addresses.account(o.destination());
                d.put("funder", source);
                d.put("account", account);
                d.put("starting_balance", amount(o.startingBalance()));
                r[FROM] = source;
                r[TO] = account;
                r[AMOUNT] = amount(o.startingBalance());
                asset(r, d, Asset.of(AssetType.ASSET_TYPE_NATIVE), "");
            }
            case PAYMENT -> {
                var o = b.paymentOp();
                d.put("from", source);
                to(r, d, "to", o.destination());
                d.put("amount", amount(o.amount()));
                r[FROM] = source;
                r[AMOUNT] = amount(o.amount());
                asset(r, d, o.asset(), "");
            }
            case PATH_PAYMENT_STRICT_RECEIVE -> {
                var o = b.pathPaymentStrictReceiveOp();
                d.put("from", source);
                to(r, d, "to", o.destination());
                d.put("amount", amount(o.destAmount()));
                d.put("source_max", amount(o.sendMax()));
                r[FROM] = source;
                r[AMOUNT] = amount(o.destAmount());
                r[SOURCE_AMOUNT] = amount(o.sendMax());
                asset(r, d, o.destAsset(), "");
                asset(r, d, o.sendAsset(), "source_");
                path(d, o.path());
            }
            case PATH_PAYMENT_STRICT_SEND -> {
                var o = b.pathPaymentStrictSendOp();
                d.put("from", source);
                to(r, d, "to", o.destination());
                d.put("source_amount", amount(o.sendAmount()));
                d.put("destination_min", amount(o.destMin()));
                r[FROM] = source;
                r[SOURCE_AMOUNT] = amount(o.sendAmount());
                if (inner(result) && result.tr().pathPaymentStrictSendResult().discriminant().value() == 0) {
                    long got = result.tr().pathPaymentStrictSendResult().success().last().amount();
                    d.put("amount", amount(got));
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
                    d.put("asset_type", "liquidity_pool_shares");
                    d.put("liquidity_pool_id", pool);
                    r[ASSET_TYPE] = "liquidity_pool_shares";
                    r[POOL_ID] = pool;
                } else {
                    Asset a = line.discriminant() == AssetType.ASSET_TYPE_CREDIT_ALPHANUM4
                            ? Asset.alphaNum4(line.alphaNum4()) : Asset.alphaNum12(line.alphaNum12());
                    asset(r, d, a, "");
                    d.put("trustee", (String) r[ASSET_ISSUER]);
                }
                d.put("trustor", source);
                d.put("limit", amount(o.limit()));
                r[AMOUNT] = amount(o.limit());
            }
            case ALLOW_TRUST -> {
                var o = b.allowTrustOp();
                byte[] code = o.asset().discriminant() == AssetType.ASSET_TYPE_CREDIT_ALPHANUM4
                        ? o.asset().assetCode4() : o.asset().assetCode12();
                d.put("asset_type", o.asset().discriminant() == AssetType.ASSET_TYPE_CREDIT_ALPHANUM4 ? "credit_alphanum4" : "credit_alphanum12");
                d.put("asset_code", code(code));
                d.put("asset_issuer", source);
                d.put("trustee", source);
                d.put("trustor", Addresses.account(o.trustor()));
                d.put("authorize", (o.authorize() & 1) != 0);
                d.put("authorize_to_maintain_liabilities", (o.authorize() & 2) != 0);
                r[ASSET_CODE] = code(code);
                r[ASSET_ISSUER] = source;
                r[ASSET_TYPE] = d.get("asset_type").asText();
                r[ASSET] = code(code) + ":" + source;
                r[TO] = d.get("trustor").asText();
            }
            case ACCOUNT_MERGE -> {
                d.put("account", source);
                to(r, d, "into", b.destination());
                r[FROM] = source;
            }
            case INFLATION, END_SPONSORING_FUTURE_RESERVES, RESTORE_FOOTPRINT -> {
            }
            case MANAGE_DATA -> {
                var o = b.manageDataOp();
                d.put("name", new String(o.dataName(), StandardCharsets.UTF_8));
                d.put("value", o.dataValue() == null ? null : TxContext.hex(o.dataValue()));
            }
            case BUMP_SEQUENCE -> d.put("bump_to", Long.toString(b.bumpSequenceOp().bumpTo()));
            case CREATE_CLAIMABLE_BALANCE -> {
                var o = b.createClaimableBalanceOp();
                asset(r, d, o.asset(), "");
                d.put("amount", amount(o.amount()));
                r[AMOUNT] = amount(o.amount());
                ArrayNode claimants = d.putArray("claimants");
                for (Claimant cl : o.claimants()) {
                    ObjectNode one = claimants.addObject();
                    one.put("destination", Addresses.account(cl.v0().destination()));
                    one.putRawValue("predicate", new RawValue(XdrJson.render(cl.v0().predicate())));
                }
                if (inner(result) && result.tr().createClaimableBalanceResult().discriminant().value() == 0) {
                    String id = Addresses.claimableBalance(result.tr().createClaimableBalanceResult().balanceId());
                    d.put("balance_id", id);
                    r[BALANCE_ID] = id;
                }
            }
            case CLAIM_CLAIMABLE_BALANCE -> {
                String id = Addresses.claimableBalance(b.claimClaimableBalanceOp().balanceId());
                d.put("claimant", source);
                d.put("balance_id", id);
                r[BALANCE_ID] = id;
                r[TO] = source;
            }
            case BEGIN_SPONSORING_FUTURE_RESERVES -> d.put("sponsored_id", Addresses.account(b.beginSponsoringFutureReservesOp().sponsoredId()));
            case REVOKE_SPONSORSHIP -> d.putRawValue("revoke_sponsorship", new RawValue(XdrJson.render(b.revokeSponsorshipOp())));
            case CLAWBACK -> {
                var o = b.clawbackOp();
                asset(r, d, o.asset(), "");
                d.put("from", Addresses.account(o.from()));
                String m = TxContext.muxed(o.from());
                if (m != null) {
                    d.put("from_muxed", m);
                }
                d.put("amount", amount(o.amount()));
                r[FROM] = Addresses.account(o.from());
                r[AMOUNT] = amount(o.amount());
            }
            case CLAWBACK_CLAIMABLE_BALANCE -> {
                String id = Addresses.claimableBalance(b.clawbackClaimableBalanceOp().balanceId());
                d.put("balance_id", id);
                r[BALANCE_ID] = id;
            }
            case SET_TRUST_LINE_FLAGS -> {
                var o = b.setTrustLineFlagsOp();
                asset(r, d, o.asset(), "");
                d.put("trustor", Addresses.account(o.trustor()));
                d.put("set_flags", Integer.toUnsignedLong(o.setFlags()));
                d.put("clear_flags", Integer.toUnsignedLong(o.clearFlags()));
                r[TO] = d.get("trustor").asText();
            }
            case LIQUIDITY_POOL_DEPOSIT -> {
                var o = b.liquidityPoolDepositOp();
                String pool = TxContext.hex(o.liquidityPoolId());
                d.put("liquidity_pool_id", pool);
                d.put("reserve_a_max_amount", amount(o.maxAmountA()));
                d.put("reserve_b_max_amount", amount(o.maxAmountB()));
                price(d, "min_price", o.minPrice());
                price(d, "max_price", o.maxPrice());
                r[POOL_ID] = pool;
            }
            case LIQUIDITY_POOL_WITHDRAW -> {
                var o = b.liquidityPoolWithdrawOp();
                String pool = TxContext.hex(o.liquidityPoolId());
                d.put("liquidity_pool_id", pool);
                d.put("shares", amount(o.amount()));
                d.put("reserve_a_min_amount", amount(o.minAmountA()));
                d.put("reserve_b_min_amount", amount(o.minAmountB()));
                r[POOL_ID] = pool;
                r[AMOUNT] = amount(o.amount());
            }
            case INVOKE_HOST_FUNCTION -> {
                HostFunction f = b.invokeHostFunctionOp().hostFunction();
                d.put("type", InvocationRows.hostFunctionType(f));
                String contract = InvocationRows.contractId(f, networkId);
                if (contract != null) {
                    d.put("contract_id", contract);
                    r[CONTRACT_ID] = contract;
                }
                if (f.discriminant() == io.quiver.stellar.xdr.model.HostFunctionType.HOST_FUNCTION_TYPE_INVOKE_CONTRACT) {
                    String fn = new String(f.invokeContract().functionName(), StandardCharsets.UTF_8);
                    d.put("function", fn);
                    r[FUNCTION_NAME] = fn;
                    d.putRawValue("parameters", new RawValue(argumentsJson));
                }
            }
            case EXTEND_FOOTPRINT_TTL -> d.put("extend_to", Integer.toUnsignedLong(b.extendFootprintTtlOp().extendTo()));
        }
    }

    private static void offer(Object[] r, ObjectNode d, Asset selling, Asset buying, long amount, Price price, Long offerId) {
        d.put("amount", amount(amount));
        price(d, "price", price);
        if (offerId != null) {
            d.put("offer_id", offerId);
            r[OFFER_ID] = offerId;
        }
        assetFields(d, selling, "selling_");
        assetFields(d, buying, "buying_");
        r[AMOUNT] = amount(amount);
    }

    private static void setOptions(ObjectNode d, SetOptionsOp o) {
        if (o.inflationDest() != null) {
            d.put("inflation_dest", Addresses.account(o.inflationDest()));
        }
        putUnsigned(d, "clear_flags", o.clearFlags());
        putUnsigned(d, "set_flags", o.setFlags());
        putUnsigned(d, "master_key_weight", o.masterWeight());
        putUnsigned(d, "low_threshold", o.lowThreshold());
        putUnsigned(d, "med_threshold", o.medThreshold());
        putUnsigned(d, "high_threshold", o.highThreshold());
        if (o.homeDomain() != null) {
            d.put("home_domain", new String(o.homeDomain(), StandardCharsets.UTF_8));
        }
        if (o.signer() != null) {
            d.put("signer_key", TransactionRows.signer(o.signer().key()));
            d.put("signer_weight", Integer.toUnsignedLong(o.signer().weight()));
        }
    }

    private static void putUnsigned(ObjectNode d, String key, Integer v) {
        if (v != null) {
            d.put(key, Integer.toUnsignedLong(v));
        }
    }

    private static void to(Object[] r, ObjectNode d, String key, MuxedAccount a) {
        String g = Addresses.account(a);
        d.put(key, g);
        String m = TxContext.muxed(a);
        if (m != null) {
            d.put(key + "_muxed", m);
        }
        r[TO] = g;
    }

    private static void path(ObjectNode d, List<Asset> path) {
        ArrayNode p = d.putArray("path");
        for (Asset a : path) {
            ObjectNode one = p.addObject();
            assetFields(one, a, "");
        }
    }

    private static void price(ObjectNode d, String key, Price p) {
        d.put(key, new BigDecimal(p.n()).divide(new BigDecimal(p.d()), 7, java.math.RoundingMode.HALF_EVEN));
        ObjectNode rational = d.putObject(key + "_r");
        rational.put("n", p.n());
        rational.put("d", p.d());
    }

    /** The asset columns (for {@code prefix} "" the typed ones too) and their detail keys. */
    private static void asset(Object[] r, ObjectNode d, Asset a, String prefix) {
        assetFields(d, a, prefix);
        String canonical = canonical(a);
        if (prefix.isEmpty()) {
            r[ASSET] = canonical;
            r[ASSET_TYPE] = assetType(a);
            io.quiver.ttp.model.Asset m = Assets.of(a);
            r[ASSET_CODE] = m.code();
            r[ASSET_ISSUER] = m.issuer();
        } else {
            r[SOURCE_ASSET] = canonical;
        }
    }

    private static void assetFields(ObjectNode d, Asset a, String prefix) {
        d.put(prefix + "asset_type", assetType(a));
        if (a.discriminant() != AssetType.ASSET_TYPE_NATIVE) {
            io.quiver.ttp.model.Asset m = Assets.of(a);
            d.put(prefix + "asset_code", m.code());
            d.put(prefix + "asset_issuer", m.issuer());
        }
    }

    static String canonical(Asset a) {
        if (a.discriminant() == AssetType.ASSET_TYPE_NATIVE) {
            return "native";
        }
        io.quiver.ttp.model.Asset m = Assets.of(a);
        return m.code() + ":" + m.issuer();
    }

    private static String assetType(Asset a) {
        return switch (a.discriminant()) {
            case ASSET_TYPE_NATIVE -> "native";
            case ASSET_TYPE_CREDIT_ALPHANUM4 -> "credit_alphanum4";
            case ASSET_TYPE_CREDIT_ALPHANUM12 -> "credit_alphanum12";
            case ASSET_TYPE_POOL_SHARE -> "liquidity_pool_shares";
        };
    }

    private static String code(byte[] padded) {
        int n = padded.length;
        while (n > 0 && padded[n - 1] == 0) {
            n--;
        }
        return new String(padded, 0, n, StandardCharsets.US_ASCII);
    }

    private static boolean inner(OperationResult r) {
        return r != null && r.discriminant() == OperationResultCode.OP_INNER;
    }

    /**
     * The details tree as JSON text. Written here rather than by Jackson's generator, which cost
     * as much as building the rest of an operation's row; the tree holds only objects, arrays,
     * text, booleans, exact numbers and raw JSON.
     */
    private static void write(StringBuilder b, JsonNode n) {
        if (n instanceof ObjectNode o) {
            b.append('{');
            boolean first = true;
            for (var it = o.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!first) {
                    b.append(',');
                }
                first = false;
                text(b, e.getKey());
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (n instanceof ArrayNode a) {
            b.append('[');
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                write(b, a.get(i));
            }
            b.append(']');
        } else if (n.isTextual()) {
            text(b, n.textValue());
        } else if (n.isBigDecimal()) {
            b.append(n.decimalValue().toPlainString());
        } else if (n.isNumber() || n.isBoolean() || n.isNull()) {
            b.append(n.asText());
        } else if (n instanceof POJONode p && p.getPojo() instanceof RawValue raw) {
            b.append((String) raw.rawValue());
        } else {
            throw new IllegalStateException("no JSON form for " + n.getNodeType());
        }
    }

    private static void text(StringBuilder b, String s) {
        JsonText.quote(b, s);
    }

    /** Stroops as units of the asset, exactly. */
    static BigDecimal amount(long stroops) {
        return BigDecimal.valueOf(stroops, 7);
    }
}
