package io.quiver.stellar.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import io.quiver.stellar.xdr.XdrException;
import io.quiver.stellar.xdr.XdrReader;
import io.quiver.stellar.xdr.model.LedgerCloseMeta;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the ledgers of a file in any of the {@link LedgerFileFormat}s, telling the format from the
 * content (zstd magic, the first XDR word, the first character of text). Ledgers are returned as
 * {@link RawLedger} slices: finding their boundaries uses the generated {@code skip}, which walks
 * the XDR without building objects; decoding is left to the caller.
 */
public final class LedgerFiles {

    private static final byte[] ZSTD_MAGIC = {(byte) 0x28, (byte) 0xB5, (byte) 0x2F, (byte) 0xFD};
    /** Galexie object names: {@code FFFFFC18--999.xdr.zstd}, {@code FCD285FF--53312000-53312063.xdr.zst}. */
    private static final Pattern GALEXIE_NAME = Pattern.compile("[0-9A-F]{8}--\\d+(-\\d+)?\\.xdr\\.zstd?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private LedgerFiles() {
    }

    /** The ledgers of {@code file}, in file order. */
    public static LedgerFileContent read(Path file) throws IOException {
        return read(file.toString(), Files.readAllBytes(file));
    }

    /** The ledgers of {@code content}; {@code name} is used in errors and to spot Galexie object names. */
    public static LedgerFileContent read(String name, byte[] content) {
        if (startsWith(content, ZSTD_MAGIC)) {
            byte[] plain = unzstd(name, content);
            String baseName = name.substring(name.lastIndexOf('/') + 1);
            if (GALEXIE_NAME.matcher(baseName).matches() || !looksRecordMarked(plain)) {
                return batch(name, plain);
            }
            return recordMarked(name, plain);
        }
        int first = firstNonSpace(content);
        if (first < 0) {
            throw new LedgerFileException(name + ": empty file, no ledgers");
        }
        if (content[first] == '{') {
            return rpcJson(name, content);
        }
        if (isBase64Text(content)) {
            return base64Lines(name, content);
        }
        return rawXdr(name, content);
    }

    private static LedgerFileContent rawXdr(String name, byte[] buf) {
        List<RawLedger> out = new ArrayList<>();
        XdrReader r = new XdrReader(buf);
        while (!r.atEnd()) {
            int from = r.position();
            skipLedger(name, r);
            out.add(new RawLedger(name + " (ledger at byte " + from + ")", buf, from, r.position()));
        }
        return new LedgerFileContent(name, LedgerFileFormat.XDR, out);
    }

    private static LedgerFileContent base64Lines(String name, byte[] content) {
        List<RawLedger> out = new ArrayList<>();
        String[] lines = new String(content, StandardCharsets.US_ASCII).split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = name + " line " + (i + 1);
            byte[] xdr;
            try {
                xdr = Base64.getDecoder().decode(line);
            } catch (IllegalArgumentException e) {
                throw new LedgerFileException(where + ": not base64: " + e.getMessage());
            }
            out.add(new RawLedger(where, xdr, 0, xdr.length));
        }
        return new LedgerFileContent(name, LedgerFileFormat.BASE64_LINES, out);
    }

    private static LedgerFileContent recordMarked(String name, byte[] plain) {
        List<RawLedger> out = new ArrayList<>();
        int pos = 0;
        while (pos < plain.length) {
            int start = pos;
            byte[] record = null;
            boolean last = false;
            while (!last) {
                if (plain.length - pos < 4) {
                    throw new LedgerFileException(name + ": record mark at byte " + pos + " of the decompressed stream is truncated");
                }
                int mark = (plain[pos] & 0xff) << 24 | (plain[pos + 1] & 0xff) << 16 | (plain[pos + 2] & 0xff) << 8 | (plain[pos + 3] & 0xff);
                last = mark < 0;
                int length = mark & 0x7fffffff;
                pos += 4;
                if (length > plain.length - pos) {
                    throw new LedgerFileException(name + ": record at byte " + (pos - 4) + " of the decompressed stream claims "
                            + length + " bytes, " + (plain.length - pos) + " left");
                }
                if (last && record == null) {
                    out.add(checkedLedger(name + " (record at byte " + start + " of the decompressed stream)", plain, pos, pos + length));
                } else {
                    byte[] joined = record == null ? new byte[length] : java.util.Arrays.copyOf(record, record.length + length);
                    System.arraycopy(plain, pos, joined, joined.length - length, length);
                    record = joined;
                    if (last) {
                        out.add(checkedLedger(name + " (record at byte " + start + " of the decompressed stream)", record, 0, record.length));
                    }
                }
                pos += length;
            }
        }
        return new LedgerFileContent(name, LedgerFileFormat.RECORD_MARKED, out);
    }

    private static RawLedger checkedLedger(String where, byte[] buf, int from, int to) {
        XdrReader r = new XdrReader(buf, from, to);
        skipLedger(where, r);
        if (!r.atEnd()) {
            throw new LedgerFileException(where + ": XDR LedgerCloseMeta at byte " + r.position() + ": "
                    + (to - r.position()) + " bytes left after the ledger");
        }
        return new RawLedger(where, buf, from, to);
    }

    /**
     * A Galexie data-lake object (zstd of an XDR {@code LedgerCloseMetaBatch}) with the ledger range
     * it declares; the count of ledgers is checked against that range.
     */
    public static GalexieBatch galexieObject(String name, byte[] content) {
        if (!startsWith(content, ZSTD_MAGIC)) {
            throw new LedgerFileException(name + ": not zstd data (first bytes do not hold the zstd magic number)");
        }
        return galexieBatch(name, unzstd(name, content));
    }

    private static LedgerFileContent batch(String name, byte[] plain) {
        return new LedgerFileContent(name, LedgerFileFormat.GALEXIE_BATCH, galexieBatch(name, plain).ledgers());
    }

    private static GalexieBatch galexieBatch(String name, byte[] plain) {
        String where = name + " (decompressed)";
        XdrReader r = new XdrReader(plain);
        List<RawLedger> out = new ArrayList<>();
        try {
            long start = r.readUnsignedInt("LedgerCloseMetaBatch.startSequence");
            long end = r.readUnsignedInt("LedgerCloseMetaBatch.endSequence");
            int at = r.position();
            int n = r.readLength(Integer.MAX_VALUE, 4, "LedgerCloseMetaBatch.ledgerCloseMeta");
            if (end < start || end - start + 1 != n) {
                throw new XdrException("LedgerCloseMetaBatch", at, "holds " + n + " ledgers but claims " + start + ".." + end);
            }
            for (int i = 0; i < n; i++) {
                int from = r.position();
                LedgerCloseMeta.skip(r);
                out.add(new RawLedger(name + " (ledger " + (start + i) + " at byte " + from + " of the decompressed object)",
                        plain, from, r.position()));
            }
            r.requireEnd("LedgerCloseMetaBatch");
            return new GalexieBatch(start, end, out);
        } catch (XdrException e) {
            throw new LedgerFileException(where + ": " + e.getMessage(), e);
        }
    }

    private static LedgerFileContent rpcJson(String name, byte[] content) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new LedgerFileException(name + ": not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new LedgerFileException(name + ": " + e.getMessage());
        }
        if (root.has("error")) {
            throw new LedgerFileException(name + ": the RPC response is an error: " + root.get("error"));
        }
        JsonNode ledgers = findLedgers(root, 0);
        if (ledgers == null) {
            throw new LedgerFileException(name + ": JSON without a 'ledgers' array (expected a getLedgers response)");
        }
        List<RawLedger> out = new ArrayList<>();
        for (int i = 0; i < ledgers.size(); i++) {
            JsonNode l = ledgers.get(i);
            String where = name + " ledgers[" + i + "]" + (l.has("sequence") ? " (sequence " + l.get("sequence").asText() + ")" : "");
            JsonNode meta = l.get("metadataXdr");
            if (meta == null || !meta.isTextual()) {
                throw new LedgerFileException(where + ": no base64 'metadataXdr' (request xdrFormat base64)");
            }
            byte[] xdr;
            try {
                xdr = Base64.getDecoder().decode(meta.asText());
            } catch (IllegalArgumentException e) {
                throw new LedgerFileException(where + ".metadataXdr: not base64: " + e.getMessage());
            }
            out.add(new RawLedger(where, xdr, 0, xdr.length));
        }
        return new LedgerFileContent(name, LedgerFileFormat.RPC_JSON, out);
    }

    /**
     * The {@code ledgers} array: in a JSON-RPC envelope it is under {@code result}; documentation
     * examples nest the result deeper, so look for the first object that has one.
     */
    private static JsonNode findLedgers(JsonNode node, int depth) {
        if (depth > 8 || !node.isContainerNode()) {
            return null;
        }
        JsonNode direct = node.get("ledgers");
        if (direct != null && direct.isArray()) {
            return direct;
        }
        for (JsonNode child : node) {
            JsonNode found = findLedgers(child, depth + 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static void skipLedger(String where, XdrReader r) {
        try {
            LedgerCloseMeta.skip(r);
        } catch (XdrException e) {
            throw new LedgerFileException(where + ": " + e.getMessage(), e);
        }
    }

    /** A record mark whose length fits what is left is a strong sign of a record-marked stream. */
    private static boolean looksRecordMarked(byte[] plain) {
        if (plain.length < 8) {
            return false;
        }
        int mark = (plain[0] & 0xff) << 24 | (plain[1] & 0xff) << 16 | (plain[2] & 0xff) << 8 | (plain[3] & 0xff);
        int length = mark & 0x7fffffff;
        return mark < 0 && length <= plain.length - 4;
    }

    private static byte[] unzstd(String name, byte[] content) {
        try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(content))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new LedgerFileException(name + ": bad zstd data: " + e.getMessage());
        }
    }

    private static boolean isBase64Text(byte[] content) {
        int n = Math.min(content.length, 4096);
        for (int i = 0; i < n; i++) {
            byte b = content[i];
            boolean ok = b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '+' || b == '/' || b == '='
                    || b == '\n' || b == '\r' || b == ' ' || b == '\t';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static int firstNonSpace(byte[] content) {
        for (int i = 0; i < content.length; i++) {
            if (!Character.isWhitespace(content[i])) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] content, byte[] prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (content[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
