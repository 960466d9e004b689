package io.quiver.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `./quiver llo aggregate` contract, through the same entry point the script calls. */
class LloCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Path file) {
        return QuiverCli.run(new String[] {"llo", "aggregate", file.toString()}, new PrintStream(out, true), new PrintStream(err, true));
    }

    private Path write(String json) throws Exception {
        Path f = dir.resolve("round.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void theReferenceExamplesComeOutOfTheCli() throws Exception {
        Path input = Path.of(getClass().getResource("/llo/issue-example.json").toURI());
        assertEquals(0, run(input), err.toString());
        JsonNode o = new ObjectMapper().readTree(out.toString());
        assertEquals("4000", o.get("observationTimestampNanoseconds").asText(), "sorted[6/2] of 1000..6000");
        JsonNode aggs = o.get("streamAggregates");
        assertEquals("{\"streamId\":1,\"aggregator\":\"median\",\"value\":{\"decimal\":\"4.4\"}}", aggs.get(0).toString());
        assertEquals("{\"streamId\":3,\"aggregator\":\"median\",\"value\":{\"timestamped\":{\"observedAtNanoseconds\":\"200\",\"decimal\":\"2.7\"}}}",
                aggs.get(1).toString());
        assertEquals("{\"streamId\":4,\"aggregator\":\"quote\",\"value\":{\"quote\":{\"bid\":\"9.99\",\"benchmark\":\"10.03\",\"ask\":\"10.13\"}}}",
                aggs.get(2).toString());
        assertEquals(3, aggs.size());
        assertEquals("{\"streamId\":2,\"aggregator\":\"mode\",\"error\":\"not enough observations in agreement to calculate mode, "
                + "expected at least f+1, most common value had 1\"}", o.get("failures").get(0).toString());
    }

    @Test
    void previousOutcomeCarriesATimestampedValueForward() throws Exception {
        Path f = write("""
                {"f": 0, "channels": {"1": {"reportFormat": "json", "streams": [{"streamId": 3, "aggregator": "median"}]}},
                 "previousOutcome": {"streamAggregates": [{"streamId": 3, "aggregator": "median",
                   "value": {"timestamped": {"observedAtNanoseconds": "900", "decimal": "7"}}}]},
                 "observations": [{"observer": 0, "timestampNanoseconds": "5", "streamValues": {"3": {"timestamped": {"observedAtNanoseconds": "800", "decimal": "1"}}}}]}
                """);
        assertEquals(0, run(f), err.toString());
        assertTrue(out.toString().contains("\"observedAtNanoseconds\":\"900\",\"decimal\":\"7\""), out.toString());
    }

    @Test
    void withoutA2fPlus1QuorumItExits1WithTheQuorumError() throws Exception {
        Path f = write("{\"f\": 1, \"channels\": {}, \"observations\": [{\"observer\": 0, \"timestampNanoseconds\": \"1\"}]}");
        assertEquals(1, run(f));
        assertEquals("invariant violation: expected at least 2f+1 attributed observations, got 1 (f: 1)", err.toString().strip());
    }

    @Test
    void malformedInputExits2NamingTheField() throws Exception {
        assertEquals(2, run(write("{\"f\": 1, \"channels\": {}, \"observations\": [{\"observer\": 0, \"timestampNanoseconds\": \"x\"}]}")));
        assertTrue(err.toString().contains("observations[0].timestampNanoseconds must be an unsigned integer"), err.toString());
        err.reset();
        assertEquals(2, run(write("{\"f\": 0, \"channels\": {}, \"observations\": [{\"observer\": 0, \"timestampNanoseconds\": \"1\","
                + " \"streamValues\": {\"1\": {\"decimal\": 1.5}}}]}")));
        assertTrue(err.toString().contains("streamValues.1.decimal must be a decimal string"), err.toString());
        err.reset();
        assertEquals(2, run(write("{\"f\": 0, \"channels\": {\"1\": {\"streams\": [{\"streamId\": 1, \"aggregator\": \"average\"}]}}, \"observations\": []}")));
        assertTrue(err.toString().contains("unknown aggregator 'average'"), err.toString());
        err.reset();
        assertEquals(2, run(write("{\"f\": 0, ")));
        assertTrue(err.toString().startsWith("quiver llo aggregate: "), err.toString());
        err.reset();
        assertEquals(2, run(dir.resolve("missing.json")));
        assertTrue(err.toString().contains("no such file"), err.toString());
    }
}
