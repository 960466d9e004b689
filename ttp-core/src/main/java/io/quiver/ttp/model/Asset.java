package io.quiver.ttp.model;

/** The asset of an event: native XLM or an issued asset (code without trailing NULs, G... issuer). */
public record Asset(boolean isNative, String code, String issuer) {

    public static final Asset NATIVE = new Asset(true, null, null);

    public static Asset issued(String code, String issuer) {
        return new Asset(false, code, issuer);
    }
}
