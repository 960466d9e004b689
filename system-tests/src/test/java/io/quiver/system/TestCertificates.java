package io.quiver.system;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A throw-away TLS certificate for 127.0.0.1, made with the JDK's keytool: a PKCS12 keystore for the broker, a truststore for clients. */
record TestCertificates(Path keystore, Path truststore, String password) {

    static TestCertificates make(Path dir) throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path keystore = dir.resolve("broker.p12");
        Path cert = dir.resolve("broker.crt");
        Path truststore = dir.resolve("clients.p12");
        String password = "quiver-test";
        run(List.of(keytool, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password, "-keypass", password));
        run(List.of(keytool, "-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", password,
                "-rfc", "-file", cert.toString()));
        run(List.of(keytool, "-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", password));
        return new TestCertificates(keystore, truststore, password);
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
