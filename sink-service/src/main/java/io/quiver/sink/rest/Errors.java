package io.quiver.sink.rest;

import java.util.Map;

import io.quiver.sink.query.QueryException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/**
 * Errors as {@code {"error": "<one line>"}}: bad input 400, no such thing 404, over a limit 413,
 * busy or lake unavailable 503, too slow 504.
 */
public final class Errors {

    private static final Logger LOG = Logger.getLogger(Errors.class);

    private Errors() {
    }

    public static Response response(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build();
    }

    /** Bad parameters: 400 with the one-line reason. */
    @Provider
    public static final class BadInput implements ExceptionMapper<IllegalArgumentException> {
        @Override
        public Response toResponse(IllegalArgumentException e) {
            return response(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    /** Queries that did not run or finish. */
    @Provider
    public static final class QueryFailed implements ExceptionMapper<QueryException> {
        @Override
        public Response toResponse(QueryException e) {
            Response.Status status = switch (e.kind()) {
                case BAD_QUERY -> Response.Status.BAD_REQUEST;
                case TOO_LARGE -> Response.Status.REQUEST_ENTITY_TOO_LARGE;
                case BUSY, UNAVAILABLE -> Response.Status.SERVICE_UNAVAILABLE;
                case TIMEOUT -> Response.Status.GATEWAY_TIMEOUT;
            };
            if (status != Response.Status.BAD_REQUEST) {
                LOG.infof("query refused (%s): %s", status.getStatusCode(), e.getMessage());
            }
            return response(status, e.getMessage());
        }
    }
}
