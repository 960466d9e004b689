package io.quiver.sink.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quiver.sink.flight.LakeFlightServer;
import io.quiver.sink.live.LivePort;
import io.quiver.sink.testing.FeedClient;
import io.quiver.sink.testing.JwtKeys;
import jakarta.inject.Inject;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * With auth on (its own surefire run: quiver.sink.auth.enabled=true, tokens test-token-1 and
 * test-token-2) and Flight on TLS (a self-signed certificate), every surface refuses a request
 * without a valid token and serves one with it: REST, the live feed on both ports, Flight and Flight
 * SQL (JDBC), the Flight ones over TLS only. A JWT of the configured issuer and key is a token too;
 * an expired one, one of another issuer or signed with another key is not.
 */
@QuarkusTest
@io.quarkus.test.common.QuarkusTestResource(value = io.quiver.sink.testing.SelfSignedFlightTls.class, restrictToAnnotatedClass = true)
@io.quarkus.test.common.QuarkusTestResource(value = JwtKeys.class, restrictToAnnotatedClass = true)
class AuthOnTest {

    private static final String TOKEN = "test-token-2";

    @TestHTTPResource("/")
    URL http;

    @Inject
    LivePort livePort;

    @Inject
    LakeFlightServer flight;

    @Test
    void restNeedsAToken() {
        given().get("/v1/tables").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong").get("/v1/tables").then().statusCode(401);
        given().get("/v1/events?limit=1").then().statusCode(401);
        given().get("/v1/sql?q=SELECT%201").then().statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN).get("/v1/tables").then().statusCode(200);
        given().queryParam("token", TOKEN).get("/v1/status").then().statusCode(200);
        // the page holds no data: it loads, and passes the token it is given on
        given().get("/").then().statusCode(200);
    }

    @Test
    void theLiveFeedNeedsAToken() throws Exception {
        for (int port : new int[] {livePort.port(), http.getPort()}) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/v1/events/live"), new WebSocket.Listener() { })
                    .get(10, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof java.net.http.WebSocketHandshakeException, String.valueOf(refused.getCause()));
            assertEquals(401, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
            try (FeedClient c = FeedClient.connect(port, "token=" + TOKEN, true)) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (c.heartbeats.isEmpty() && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                assertTrue(!c.heartbeats.isEmpty(), "a client with the token is served");
            }
        }
    }

    @Test
    void flightAndFlightSqlNeedAToken() throws Exception {
        try (RootAllocator a = new RootAllocator();
             FlightClient plain = FlightClient.builder(a, Location.forGrpcInsecure("127.0.0.1", flight.port())).build()) {
            // TLS only: a plaintext client gets nowhere, even with the token
            assertThrows(FlightRuntimeException.class, () -> plain.listFlights(Criteria.ALL,
                    new CredentialCallOption(new org.apache.arrow.flight.auth2.BearerCredentialWriter(TOKEN))).forEach(f -> { }));
        }
        try (RootAllocator a = new RootAllocator();
             java.io.InputStream trust = java.nio.file.Files.newInputStream(io.quiver.sink.testing.SelfSignedFlightTls.CERT);
             FlightClient client = FlightClient.builder(a, Location.forGrpcTls("127.0.0.1", flight.port()))
                     .trustedCertificates(trust).build()) {
            FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
                    () -> client.listFlights(Criteria.ALL).forEach(f -> { }));
            assertEquals(CallStatus.UNAUTHENTICATED.code(), e.status().code());
            client.listFlights(Criteria.ALL, new CredentialCallOption(new org.apache.arrow.flight.auth2.BearerCredentialWriter(TOKEN)))
                    .forEach(f -> { });
        }
        String url = "jdbc:arrow-flight-sql://127.0.0.1:" + flight.port() + "?useEncryption=true&disableCertificateVerification=true";
        SQLException refused = assertThrows(SQLException.class, () -> {
            try (Connection c = DriverManager.getConnection(url); ResultSet r = c.createStatement().executeQuery("SELECT 1")) {
                r.next();
            }
        });
        assertTrue(String.valueOf(refused.getMessage()).toLowerCase().contains("unauthenticated")
                || String.valueOf(refused.getCause()).toLowerCase().contains("unauthenticated"), refused.toString());
        try (Connection c = DriverManager.getConnection(url + "&token=" + TOKEN);
             ResultSet r = c.createStatement().executeQuery("SELECT 40 + 2")) {
            assertTrue(r.next());
            assertEquals(42, r.getInt(1));
        }
    }

    @Test
    void aVerifiedJwtIsATokenOnEverySurface() throws Exception {
        String jwt = JwtKeys.token(JwtKeys.ISSUER, 300, true);
        given().header("Authorization", "Bearer " + jwt).get("/v1/tables").then().statusCode(200);
        given().header("Authorization", "Bearer " + JwtKeys.token(JwtKeys.ISSUER, -3600, true)).get("/v1/tables").then().statusCode(401);
        given().header("Authorization", "Bearer " + JwtKeys.token("https://elsewhere.test", 300, true)).get("/v1/tables").then().statusCode(401);
        given().header("Authorization", "Bearer " + JwtKeys.token(JwtKeys.ISSUER, 300, false)).get("/v1/tables").then().statusCode(401);
        // a JWT with its signature cut off
        given().header("Authorization", "Bearer " + jwt.substring(0, jwt.lastIndexOf('.') + 1)).get("/v1/tables").then().statusCode(401);
        try (FeedClient c = FeedClient.connect(livePort.port(), "token=" + jwt, true)) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (c.heartbeats.isEmpty() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertTrue(!c.heartbeats.isEmpty(), "a feed client with a JWT is served");
        }
        try (RootAllocator a = new RootAllocator();
             java.io.InputStream trust = java.nio.file.Files.newInputStream(io.quiver.sink.testing.SelfSignedFlightTls.CERT);
             FlightClient client = FlightClient.builder(a, Location.forGrpcTls("127.0.0.1", flight.port()))
                     .trustedCertificates(trust).build()) {
            client.listFlights(Criteria.ALL, new CredentialCallOption(new org.apache.arrow.flight.auth2.BearerCredentialWriter(jwt)))
                    .forEach(f -> { });
            FlightRuntimeException e = assertThrows(FlightRuntimeException.class, () -> client.listFlights(Criteria.ALL,
                    new CredentialCallOption(new org.apache.arrow.flight.auth2.BearerCredentialWriter(
                            JwtKeys.token(JwtKeys.ISSUER, 300, false)))).forEach(f -> { }));
            assertEquals(CallStatus.UNAUTHENTICATED.code(), e.status().code());
        }
    }
}
