package io.quiver.stellar.xdr;

/** A value of a generated XDR type: it can write itself as XDR and as JSON. */
public interface XdrElement {

    void encode(XdrWriter w);

    void toJson(XdrJson j);

    /** This value's XDR bytes. */
    default byte[] toXdr() {
        XdrWriter w = new XdrWriter();
        encode(w);
        return w.toByteArray();
    }
}
