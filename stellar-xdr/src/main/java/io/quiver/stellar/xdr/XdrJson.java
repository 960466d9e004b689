package io.quiver.stellar.xdr;

/**
 * A compact JSON rendering of XDR values, the same one Quiver's Node cross-check prints from
 * {@code @stellar/stellar-base}: a struct is an object of its fields in order; a union is
 * {@code {"switch": discriminant, "<arm>": value}} (no arm key when void); an enum is its integer
 * value; 32-bit integers are numbers, 64-bit ones decimal strings (JSON numbers lose precision past
 * 2^53); opaque data and strings are lowercase hex (XDR strings need not be UTF-8); an absent
 * optional is null.
 */
public final class XdrJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    private boolean needComma;

    public XdrJson(StringBuilder out) {
        this.out = out;
    }

    public XdrJson() {
        this(new StringBuilder());
    }

    public static String render(XdrElement e) {
        XdrJson j = new XdrJson();
        e.toJson(j);
        return j.toString();
    }

    private void comma() {
        if (needComma) {
            out.append(',');
        }
    }

    public void beginObject() {
        comma();
        out.append('{');
        needComma = false;
    }

    public void endObject() {
        out.append('}');
        needComma = true;
    }

    public void beginArray() {
        comma();
        out.append('[');
        needComma = false;
    }

    public void endArray() {
        out.append(']');
        needComma = true;
    }

    /** A field name (always a plain identifier here, so no escaping is needed). */
    public void name(String name) {
        comma();
        out.append('"').append(name).append("\":");
        needComma = false;
    }

    private void raw(String s) {
        comma();
        out.append(s);
        needComma = true;
    }

    public void intValue(int v) {
        comma();
        out.append(v);
        needComma = true;
    }

    public void uintValue(int v) {
        comma();
        out.append(Integer.toUnsignedLong(v));
        needComma = true;
    }

    public void hyperValue(long v) {
        raw("\"" + v + "\"");
    }

    public void uhyperValue(long v) {
        raw("\"" + Long.toUnsignedString(v) + "\"");
    }

    public void boolValue(boolean v) {
        raw(v ? "true" : "false");
    }

    public void nullValue() {
        raw("null");
    }

    public void bytesValue(byte[] v) {
        comma();
        // one append of the whole text: a StringBuilder append per character was most of rendering contract arguments
        char[] text = new char[2 * v.length + 2];
        text[0] = '"';
        for (int i = 0; i < v.length; i++) {
            text[1 + 2 * i] = HEX[(v[i] >> 4) & 0xf];
            text[2 + 2 * i] = HEX[v[i] & 0xf];
        }
        text[text.length - 1] = '"';
        out.append(text);
        needComma = true;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
