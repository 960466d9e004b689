package io.quiver.sink.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/**
 * JWTs for the auth-on tests: an RSA key pair made at start, its public half given to smallrye-jwt
 * ({@code mp.jwt.verify.publickey}, issuer {@link #ISSUER}) with {@code quiver.sink.auth.jwt=true};
 * tokens signed here with the private half (or with another key, to be refused).
 */
public class JwtKeys implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://issuer.quiver.test";
    private static KeyPair keys;

    @Override
    public Map<String, String> start() {
        keys = newKeys();
        return Map.of("quiver.sink.auth.jwt", "true",
                "mp.jwt.verify.publickey", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()),
                "mp.jwt.verify.issuer", ISSUER);
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token of {@code issuer} expiring {@code expiresInSeconds} from now (negative: expired), signed with the configured key or another. */
    public static String token(String issuer, long expiresInSeconds, boolean configuredKey) {
        try {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(issuer);
            claims.setSubject("analyst");
            claims.setIssuedAt(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 7200));
            claims.setExpirationTime(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + expiresInSeconds));
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            PrivateKey key = configuredKey ? keys.getPrivate() : newKeys().getPrivate();
            jws.setKey(key);
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
    }
}
