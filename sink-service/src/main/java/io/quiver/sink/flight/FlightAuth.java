package io.quiver.sink.flight;

import io.quiver.sink.auth.BearerTokens;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/** Flight and Flight SQL calls carry {@code authorization: Bearer <token>} (the JDBC driver's {@code token} property) when auth is on. */
@ApplicationScoped
public class FlightAuth {

    private final BearerTokens tokens;

    public FlightAuth(BearerTokens tokens) {
        this.tokens = tokens;
    }

    /** The authenticator, or null when auth is off. */
    CallHeaderAuthenticator validator() {
        if (!tokens.enabled()) {
            return null;
        }
        return (CallHeaders headers) -> {
            String auth = headers.get("authorization");
            if (!tokens.allows(auth, null)) {
                throw CallStatus.UNAUTHENTICATED.withDescription("missing or unknown bearer token").toRuntimeException();
            }
            String token = auth.substring(7).trim();
            return new CallHeaderAuthenticator.AuthResult() {
                @Override
                public String getPeerIdentity() {
                    return "token:" + token.hashCode();
                }

                @Override
                public void appendToOutgoingHeaders(CallHeaders outgoing) {
                    outgoing.insert("authorization", "Bearer " + token);
                }
            };
        };
    }
}
