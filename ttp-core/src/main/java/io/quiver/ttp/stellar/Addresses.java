package io.quiver.ttp.stellar;

import io.quiver.stellar.StrKey;
import io.quiver.stellar.xdr.model.ClaimableBalanceId;
import io.quiver.stellar.xdr.model.MuxedAccount;
import io.quiver.stellar.xdr.model.PublicKey;
import io.quiver.stellar.xdr.model.ScAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/** Strkeys of XDR addresses, with muxed accounts reduced to their G... account as events require. */
public final class Addresses {

    private Addresses() {
    }

    /**
     * G... and C... texts of recently seen keys: the same accounts and contracts recur across a
     * ledger's events and changes, and a strkey costs a base32 and a CRC each time. Each map is
     * bounded by clearing it when full.
     */
    private static final int CACHE_LIMIT = 1 << 16;
    private static final ConcurrentHashMap<ByteBuffer, String> ACCOUNTS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<ByteBuffer, String> CONTRACTS = new ConcurrentHashMap<>();

    public static String account(PublicKey key) {
        return account(key.ed25519());
    }

    public static String account(MuxedAccount account) {
        return account(ed25519(account));
    }

    public static String account(byte[] ed25519) {
        return cached(ACCOUNTS, StrKey.Kind.ACCOUNT, ed25519);
    }

    /** The C... strkey of a contract id. */
    public static String contract(byte[] id) {
        return cached(CONTRACTS, StrKey.Kind.CONTRACT, id);
    }

    private static String cached(ConcurrentHashMap<ByteBuffer, String> known, StrKey.Kind kind, byte[] payload) {
        String text = known.get(ByteBuffer.wrap(payload));
        if (text != null) {
            return text;
        }
        text = StrKey.encode(kind, payload);
        if (known.size() >= CACHE_LIMIT) {
            known.clear();
        }
        known.put(ByteBuffer.wrap(payload.clone()), text);
        return text;
    }

    /** The account key under a possibly muxed account. */
    public static byte[] ed25519(MuxedAccount account) {
        return account.discriminant() == io.quiver.stellar.xdr.model.CryptoKeyType.KEY_TYPE_ED25519
                ? account.ed25519() : account.med25519().ed25519();
    }

    public static String claimableBalance(ClaimableBalanceId id) {
        byte[] payload = new byte[33]; // type byte (V0 = 0), then the hash
        System.arraycopy(id.v0(), 0, payload, 1, 32);
        return StrKey.encode(StrKey.Kind.CLAIMABLE_BALANCE, payload);
    }

    public static String of(ScAddress a) {
        return switch (a.discriminant()) {
            case SC_ADDRESS_TYPE_ACCOUNT -> account(a.accountId());
            case SC_ADDRESS_TYPE_CONTRACT -> contract(a.contractId());
            case SC_ADDRESS_TYPE_MUXED_ACCOUNT -> StrKey.encode(StrKey.Kind.ACCOUNT, a.muxedAccount().ed25519());
            case SC_ADDRESS_TYPE_CLAIMABLE_BALANCE -> claimableBalance(a.claimableBalanceId());
            case SC_ADDRESS_TYPE_LIQUIDITY_POOL -> StrKey.encode(StrKey.Kind.LIQUIDITY_POOL, a.liquidityPoolId());
        };
    }
}
