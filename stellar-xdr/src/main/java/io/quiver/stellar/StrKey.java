package io.quiver.stellar;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Stellar's StrKey text form of keys and ids: base32 (RFC 4648, no padding) of a version byte, the
 * payload and a CRC16-XModem checksum (little-endian). Decoding checks the version, the length, the
 * checksum and that the text is canonical, and names what is wrong.
 */
public final class StrKey {

    /** The kinds Quiver reads and writes, with their version bytes (the first base32 letter). */
    public enum Kind {
        ACCOUNT('G', 6 << 3, 32),
        MUXED_ACCOUNT('M', 12 << 3, 40),
        CONTRACT('C', 2 << 3, 32),
        CLAIMABLE_BALANCE('B', 1 << 3, 33),
        PRE_AUTH_TX('T', 19 << 3, 32),
        SHA256_HASH('X', 23 << 3, 32),
        LIQUIDITY_POOL('L', 11 << 3, 32);

        private final char prefix;
        private final int versionByte;
        private final int payloadLength;

        Kind(char prefix, int versionByte, int payloadLength) {
            this.prefix = prefix;
            this.versionByte = versionByte;
            this.payloadLength = payloadLength;
        }

        public char prefix() {
            return prefix;
        }
    }

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private StrKey() {
    }

    /** Encodes a payload of {@code kind}'s length (claimable balances: the type byte, then the 32-byte hash). */
    public static String encode(Kind kind, byte[] payload) {
        if (payload.length != kind.payloadLength) {
            throw new IllegalArgumentException(kind + " payload must be " + kind.payloadLength + " bytes, was " + payload.length);
        }
        byte[] data = new byte[1 + payload.length + 2];
        data[0] = (byte) kind.versionByte;
        System.arraycopy(payload, 0, data, 1, payload.length);
        int crc = crc16(data, 0, 1 + payload.length);
        data[data.length - 2] = (byte) crc;
        data[data.length - 1] = (byte) (crc >>> 8);
        return base32(data);
    }

    /** Decodes {@code text}, which must be of {@code kind}; returns the payload. */
    public static byte[] decode(Kind kind, String text) {
        byte[] data = unbase32(text);
        if (data.length != 1 + kind.payloadLength + 2) {
            throw new IllegalArgumentException("'" + text + "' is not a " + kind + " strkey: decodes to " + data.length + " bytes");
        }
        if ((data[0] & 0xff) != kind.versionByte) {
            throw new IllegalArgumentException("'" + text + "' is not a " + kind + " strkey: version byte " + (data[0] & 0xff));
        }
        int crc = crc16(data, 0, data.length - 2);
        int stored = (data[data.length - 2] & 0xff) | (data[data.length - 1] & 0xff) << 8;
        if (crc != stored) {
            throw new IllegalArgumentException("'" + text + "' has a bad strkey checksum");
        }
        if (!base32(data).equals(text)) {
            throw new IllegalArgumentException("'" + text + "' is not canonical strkey text");
        }
        return Arrays.copyOfRange(data, 1, data.length - 2);
    }

    /** The G... account of a muxed M... address (the form token transfer events use). */
    public static String accountOfMuxed(String muxed) {
        return encode(Kind.ACCOUNT, Arrays.copyOf(decode(Kind.MUXED_ACCOUNT, muxed), 32));
    }

    /** The id of a muxed M... address (uint64 bits, big-endian after the key). */
    public static long idOfMuxed(String muxed) {
        byte[] p = decode(Kind.MUXED_ACCOUNT, muxed);
        long id = 0;
        for (int i = 32; i < 40; i++) {
            id = (id << 8) | (p[i] & 0xff);
        }
        return id;
    }

    /** CRC16-XModem (polynomial 0x1021, initial 0), a byte at a time through a table: events encode many keys. */
    static int crc16(byte[] data, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = (crc << 8) ^ CRC_TABLE[((crc >>> 8) ^ data[i]) & 0xff];
        }
        return crc & 0xffff;
    }

    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int crc = n << 8;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            CRC_TABLE[n] = crc & 0xffff;
        }
    }

    private static String base32(byte[] data) {
        byte[] out = new byte[(data.length * 8 + 4) / 5];
        int o = 0;
        int buffer = 0;
        int bits = 0;
        for (byte value : data) {
            buffer = (buffer << 8) | (value & 0xff);
            bits += 8;
            while (bits >= 5) {
                out[o++] = (byte) ALPHABET[(buffer >>> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        if (bits > 0) {
            out[o++] = (byte) ALPHABET[(buffer << (5 - bits)) & 31];
        }
        return new String(out, 0, o, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static byte[] unbase32(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty strkey");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int v;
            if (c >= 'A' && c <= 'Z') {
                v = c - 'A';
            } else if (c >= '2' && c <= '7') {
                v = c - '2' + 26;
            } else {
                throw new IllegalArgumentException("'" + text + "' has a character outside base32 at " + i);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
