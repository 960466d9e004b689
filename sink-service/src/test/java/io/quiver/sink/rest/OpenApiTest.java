package io.quiver.sink.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at {@code /q/openapi} parses and validates, and names every REST endpoint with a summary. */
@QuarkusTest
class OpenApiTest {

    @TestHTTPResource(value = "/openapi", management = true)
    URL openapi;

    @Test
    void theDocumentValidatesAndNamesEveryEndpoint() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(openapi + "?format=json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body());
        assertTrue(parsed.getMessages() == null || parsed.getMessages().isEmpty(), String.valueOf(parsed.getMessages()));
        OpenAPI api = parsed.getOpenAPI();
        assertNotNull(api);
        Set<String> want = Set.of("/v1/events", "/v1/stats/volume", "/v1/stats/top-accounts", "/v1/ledgers", "/v1/ledgers/{sequence}",
                "/v1/sql", "/v1/tables", "/v1/status");
        assertTrue(api.getPaths().keySet().containsAll(want), api.getPaths().keySet().toString());
        for (String path : want) {
            PathItem item = api.getPaths().get(path);
            List<Operation> ops = item.readOperations();
            assertTrue(!ops.isEmpty(), path);
            for (Operation op : ops) {
                assertTrue(op.getSummary() != null && !op.getSummary().isBlank(), path + " has a summary");
                assertTrue(op.getResponses() != null && !op.getResponses().isEmpty(), path + " has responses");
            }
        }
        assertTrue(api.getPaths().get("/v1/events").getGet().getParameters().stream().anyMatch(p -> p.getName().equals("cursor")));
    }
}
