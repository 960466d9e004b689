package io.quiver.sink.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Flight over TLS for the auth-on tests: a self-signed certificate for 127.0.0.1 made with the JDK's
 * keytool, written as the PEM files {@code quiver.sink.flight.tls-cert} and {@code tls-key} name.
 */
public class SelfSignedFlightTls implements QuarkusTestResourceLifecycleManager {

    public static final Path DIR = Path.of("target/flight-tls").toAbsolutePath();
    public static final Path CERT = DIR.resolve("cert.pem");
    public static final Path KEY = DIR.resolve("key.pem");

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(DIR);
            Path p12 = DIR.resolve("server.p12");
            Files.deleteIfExists(p12);
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                    "-alias", "flight", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", p12.toString(),
                    "-storepass", "changeit", "-keypass", "changeit").inheritIO().start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                ks.load(in, "changeit".toCharArray());
            }
            Certificate cert = ks.getCertificate("flight");
            PrivateKey key = (PrivateKey) ks.getKey("flight", "changeit".toCharArray());
            Files.writeString(CERT, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(KEY, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            return Map.of("quiver.sink.flight.tls-cert", CERT.toString(), "quiver.sink.flight.tls-key", KEY.toString());
        } catch (Exception e) {
            throw new IllegalStateException("making a test certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public void stop() {
    }
}
