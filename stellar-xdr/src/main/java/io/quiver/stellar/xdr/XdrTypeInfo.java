package io.quiver.stellar.xdr;

import java.util.function.Consumer;
import java.util.function.Function;

/** A generated type by name: its class, its decoder and its skipper. */
public record XdrTypeInfo(String name, Class<?> type, Function<XdrReader, ? extends XdrElement> decoder,
        Consumer<XdrReader> skipper) {

    /** Decodes exactly one value from {@code xdr}; trailing bytes are an error. */
    public XdrElement fromXdr(byte[] xdr) {
        XdrReader r = new XdrReader(xdr);
        XdrElement v = decoder.apply(r);
        r.requireEnd(name);
        return v;
    }
}
