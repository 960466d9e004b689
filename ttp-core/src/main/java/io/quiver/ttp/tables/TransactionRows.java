package io.quiver.ttp.tables;

import java.util.ArrayList;
import java.util.List;

import io.quiver.schema.LedgerTableSchemas;
import io.quiver.schema.QuiverSchema;
import io.quiver.stellar.StrKey;
import io.quiver.stellar.ledger.Envelopes;
import io.quiver.stellar.ledger.TransactionXdr;
import io.quiver.stellar.xdr.XdrWriter;
import io.quiver.stellar.xdr.model.EnvelopeType;
import io.quiver.stellar.xdr.model.LedgerBounds;
import io.quiver.stellar.xdr.model.LedgerEntryChange;
import io.quiver.stellar.xdr.model.Memo;
import io.quiver.stellar.xdr.model.Preconditions;
import io.quiver.stellar.xdr.model.PreconditionsV2;
import io.quiver.stellar.xdr.model.SignerKey;
import io.quiver.stellar.xdr.model.SorobanTransactionData;
import io.quiver.stellar.xdr.model.TimeBounds;
import io.quiver.stellar.xdr.model.Transaction;
import io.quiver.stellar.xdr.model.TransactionEnvelope;
import io.quiver.stellar.xdr.model.TransactionResultCode;
import io.quiver.ttp.stellar.Addresses;

/** The {@code Transaction} row of a transaction, in the schema's column order. */
final class TransactionRows {

    private static final QuiverSchema S = LedgerTableSchemas.TRANSACTION_SCHEMA;
    static final int COLUMNS = S.arrowSchema().getFields().size();
    private static final int ID = S.columnIndex("id");
    private static final int HASH = S.columnIndex("transaction_hash");
    private static final int LEDGER = S.columnIndex("ledger_sequence");
    private static final int INDEX = S.columnIndex("transaction_index");
    private static final int CLOSED_AT = S.columnIndex("closed_at");
    private static final int ACCOUNT = S.columnIndex("account");
    private static final int ACCOUNT_MUXED = S.columnIndex("account_muxed");
    private static final int SEQUENCE = S.columnIndex("account_sequence");
    private static final int MAX_FEE = S.columnIndex("max_fee");
    private static final int FEE_CHARGED = S.columnIndex("fee_charged");
    private static final int OPERATION_COUNT = S.columnIndex("operation_count");
    private static final int MEMO_TYPE = S.columnIndex("memo_type");
    private static final int MEMO = S.columnIndex("memo");
    private static final int TIME_BOUNDS = S.columnIndex("time_bounds");
    private static final int LEDGER_BOUNDS = S.columnIndex("ledger_bounds");
    private static final int MIN_SEQ = S.columnIndex("min_account_sequence");
    private static final int MIN_SEQ_AGE = S.columnIndex("min_account_sequence_age");
    private static final int MIN_SEQ_GAP = S.columnIndex("min_account_sequence_ledger_gap");
    private static final int EXTRA_SIGNERS = S.columnIndex("extra_signers");
    private static final int SUCCESSFUL = S.columnIndex("successful");
    private static final int RESULT_CODE = S.columnIndex("transaction_result_code");
    private static final int FEE_ACCOUNT = S.columnIndex("fee_account");
    private static final int FEE_ACCOUNT_MUXED = S.columnIndex("fee_account_muxed");
    private static final int INNER_HASH = S.columnIndex("inner_transaction_hash");
    private static final int NEW_MAX_FEE = S.columnIndex("new_max_fee");
    private static final int RESOURCE_FEE = S.columnIndex("resource_fee");
    private static final int INSTRUCTIONS = S.columnIndex("soroban_resources_instructions");
    private static final int READ_BYTES = S.columnIndex("soroban_resources_read_bytes");
    private static final int WRITE_BYTES = S.columnIndex("soroban_resources_write_bytes");
    private static final int INCLUSION_BID = S.columnIndex("inclusion_fee_bid");
    private static final int INCLUSION_CHARGED = S.columnIndex("inclusion_fee_charged");
    private static final int NON_REFUNDABLE = S.columnIndex("non_refundable_resource_fee_charged");
    private static final int REFUNDABLE = S.columnIndex("refundable_resource_fee_charged");
    private static final int RENT = S.columnIndex("rent_fee_charged");
    private static final int REFUND = S.columnIndex("resource_fee_refund");
    private static final int ENVELOPE = S.columnIndex("tx_envelope");
    private static final int RESULT = S.columnIndex("tx_result");
    private static final int META = S.columnIndex("tx_meta");
    private static final int FEE_META = S.columnIndex("tx_fee_meta");

    private TransactionRows() {
    }

    /** {@code raw}: the ledger's transaction bytes to copy the raw XDR columns from, or null to encode them. */
    static Object[] of(TxContext c, boolean rawXdr, TransactionXdr raw) {
        Object[] r = new Object[COLUMNS];
        TransactionEnvelope e = c.tx.envelope();
        boolean feeBump = e.discriminant() == EnvelopeType.ENVELOPE_TYPE_TX_FEE_BUMP;
        Transaction inner = Envelopes.v1(e);
        r[ID] = c.id;
        r[HASH] = c.tx.hash();
        r[LEDGER] = c.ledger;
        r[INDEX] = c.index;
        r[CLOSED_AT] = c.closedAt;
        r[ACCOUNT] = c.account;
        r[ACCOUNT_MUXED] = c.accountMuxed;
        r[SEQUENCE] = Envelopes.sequenceNumber(e);
        long fee = Integer.toUnsignedLong(inner == null ? e.v0().tx().fee() : inner.fee());
        r[MAX_FEE] = fee;
        r[FEE_CHARGED] = c.feeCharged;
        r[OPERATION_COUNT] = (long) Envelopes.operations(e).size();
        memo(Envelopes.memo(e), r);
        r[EXTRA_SIGNERS] = List.of();
        if (inner == null) {
            r[TIME_BOUNDS] = bounds(e.v0().tx().timeBounds());
        } else {
            preconditions(inner.cond(), r);
        }
        r[SUCCESSFUL] = c.successful;
        TransactionResultCode code = c.tx.processing().result().result().result().discriminant();
        r[RESULT_CODE] = TxContext.xdrName(code, "tx");
        long bid = fee;
        if (feeBump) {
            r[FEE_ACCOUNT] = Addresses.account(e.feeBump().tx().feeSource());
            r[FEE_ACCOUNT_MUXED] = TxContext.muxed(e.feeBump().tx().feeSource());
            r[NEW_MAX_FEE] = e.feeBump().tx().fee();
            bid = e.feeBump().tx().fee();
            if (code == TransactionResultCode.TX_FEE_BUMP_INNER_SUCCESS || code == TransactionResultCode.TX_FEE_BUMP_INNER_FAILED) {
                r[INNER_HASH] = c.tx.processing().result().result().result().innerResultPair().transactionHash();
            }
        }
        SorobanTransactionData d = Envelopes.sorobanData(e);
        if (d != null) {
            r[RESOURCE_FEE] = d.resourceFee();
            r[INSTRUCTIONS] = Integer.toUnsignedLong(d.resources().instructions());
            r[READ_BYTES] = Integer.toUnsignedLong(d.resources().diskReadBytes());
            r[WRITE_BYTES] = Integer.toUnsignedLong(d.resources().writeBytes());
            r[INCLUSION_BID] = bid - d.resourceFee();
            if (c.resourceCharges != null) {
                long charged = c.resourceCharges[0] + c.resourceCharges[1];
                r[NON_REFUNDABLE] = c.resourceCharges[0];
                r[REFUNDABLE] = c.resourceCharges[1];
                r[RENT] = c.resourceCharges[2];
                r[INCLUSION_CHARGED] = c.feeCharged - charged;
                r[REFUND] = d.resourceFee() - charged;
            }
        }
        if (rawXdr && raw != null) {
            r[ENVELOPE] = raw.envelope(c.tx.setIndex());
            r[RESULT] = raw.result(c.tx.index());
            r[META] = raw.meta(c.tx.index());
            r[FEE_META] = raw.feeChanges(c.tx.index());
        } else if (rawXdr) {
            r[ENVELOPE] = e.toXdr();
            r[RESULT] = c.tx.processing().result().toXdr();
            r[META] = c.tx.processing().meta().toXdr();
            r[FEE_META] = changes(c.tx.processing().feeChanges());
        }
        return r;
    }

    private static void memo(Memo m, Object[] r) {
        switch (m.discriminant()) {
            case MEMO_NONE -> r[MEMO_TYPE] = "MemoTypeMemoNone";
            case MEMO_TEXT -> {
                r[MEMO_TYPE] = "MemoTypeMemoText";
                // XDR strings are bytes: text that is not UTF-8 is kept as replacement characters, as Go's string() would print it
                r[MEMO] = new String(m.text(), java.nio.charset.StandardCharsets.UTF_8);
            }
            case MEMO_ID -> {
                r[MEMO_TYPE] = "MemoTypeMemoId";
                r[MEMO] = Long.toUnsignedString(m.id());
            }
            case MEMO_HASH -> {
                r[MEMO_TYPE] = "MemoTypeMemoHash";
                r[MEMO] = TxContext.hex(m.hash());
            }
            case MEMO_RETURN -> {
                r[MEMO_TYPE] = "MemoTypeMemoReturn";
                r[MEMO] = TxContext.hex(m.retHash());
            }
        }
    }

    private static void preconditions(Preconditions p, Object[] r) {
        switch (p.discriminant()) {
            case PRECOND_NONE -> {
            }
            case PRECOND_TIME -> r[TIME_BOUNDS] = bounds(p.timeBounds());
            case PRECOND_V2 -> {
                PreconditionsV2 v = p.v2();
                r[TIME_BOUNDS] = bounds(v.timeBounds());
                LedgerBounds lb = v.ledgerBounds();
                if (lb != null) {
                    r[LEDGER_BOUNDS] = range(Integer.toUnsignedLong(lb.minLedger()), Integer.toUnsignedLong(lb.maxLedger()));
                }
                r[MIN_SEQ] = v.minSeqNum();
                r[MIN_SEQ_AGE] = v.minSeqAge();
                r[MIN_SEQ_GAP] = Integer.toUnsignedLong(v.minSeqLedgerGap());
                List<String> signers = new ArrayList<>();
                for (SignerKey k : v.extraSigners()) {
                    signers.add(signer(k));
                }
                r[EXTRA_SIGNERS] = signers;
            }
        }
    }

    /** A signer key as its strkey; a signed-payload key (P...) as {@code P:<key hex>:<payload hex>}. */
    static String signer(SignerKey k) {
        return switch (k.discriminant()) {
            case SIGNER_KEY_TYPE_ED25519 -> StrKey.encode(StrKey.Kind.ACCOUNT, k.ed25519());
            case SIGNER_KEY_TYPE_PRE_AUTH_TX -> StrKey.encode(StrKey.Kind.PRE_AUTH_TX, k.preAuthTx());
            case SIGNER_KEY_TYPE_HASH_X -> StrKey.encode(StrKey.Kind.SHA256_HASH, k.hashX());
            case SIGNER_KEY_TYPE_ED25519_SIGNED_PAYLOAD -> "P:" + TxContext.hex(k.ed25519SignedPayload().ed25519()) + ":"
                    + TxContext.hex(k.ed25519SignedPayload().payload());
        };
    }

    private static String bounds(TimeBounds t) {
        return t == null ? null : range(t.minTime(), t.maxTime());
    }

    /** stellar-etl's form: {@code [min,max)}, the upper bound left out when 0 (none). */
    private static String range(long min, long max) {
        return "[" + Long.toUnsignedString(min) + "," + (max == 0 ? "" : Long.toUnsignedString(max)) + ")";
    }

    /** {@code LedgerEntryChanges} XDR: a count, then each change. */
    private static byte[] changes(List<LedgerEntryChange> changes) {
        XdrWriter w = new XdrWriter();
        w.writeInt(changes.size());
        for (LedgerEntryChange ch : changes) {
            ch.encode(w);
        }
        return w.toByteArray();
    }
}
