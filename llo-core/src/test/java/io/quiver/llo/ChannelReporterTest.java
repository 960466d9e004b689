package io.quiver.llo;

import static io.quiver.llo.StreamAggregatorsTest.d;
import static io.quiver.llo.StreamAggregatorsTest.q;
import static io.quiver.llo.StreamAggregatorsTest.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.quiver.llo.aggregate.Aggregator;
import io.quiver.llo.report.ChannelReporter;
import io.quiver.llo.report.JsonReportEncoder;
import io.quiver.llo.report.Transmission;
import io.quiver.llo.report.TransmissionWriter;
import io.quiver.llo.round.ChannelDefinition;
import io.quiver.llo.round.StreamRef;
import io.quiver.llo.value.StreamValue;
import io.quiver.testing.ArrowAllocatorExtension;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArrowAllocatorExtension.class)
class ChannelReporterTest {

    private static final StreamRef A = new StreamRef(1, Aggregator.MEDIAN);
    private static final StreamRef B = new StreamRef(2, Aggregator.QUOTE);
    private static final StreamRef C = new StreamRef(3, Aggregator.MEDIAN);

    @Test
    void valuesHaveLloTextForms() {
        assertEquals("4.4", JsonReportEncoder.text(d("4.40")));
        assertEquals("Q{Bid: 1, Benchmark: 2.5, Ask: 3}", JsonReportEncoder.text(q("1", "2.5", "3")));
        assertEquals("TSV{ObservedAtNanoseconds: 100, StreamValue: {\"t\":0,\"v\":\"2.6\"}}", JsonReportEncoder.text(t(100, "2.6")));
    }

    @Test
    void aChannelReportsFromItsSecondRoundWithTheSpanSinceItsLastReport(BufferAllocator allocator) {
        ChannelReporter reporter = new ChannelReporter("wss://example.invalid", new byte[32]);
        List<ChannelDefinition> channels = List.of(
                new ChannelDefinition(5, "json", List.of(A, B), false),
                new ChannelDefinition(6, "json", List.of(C), false),
                new ChannelDefinition(7, "json", List.of(A), true),
                new ChannelDefinition(8, "evm_premium_legacy", List.of(A), false));
        Map<StreamRef, StreamValue> round1 = Map.of(A, d("4.4"), B, q("1", "2", "3"));
        assertTrue(reporter.reports(channels, round1, 1, 1_000, 0).isEmpty(), "first sight only sets valid-after");

        List<Transmission> round2 = reporter.reports(channels, round1, 2, 2_000, 5);
        assertEquals(1, round2.size(), "channel 6 lacks stream 3, 7 is tombstoned, 8 is not json");
        Transmission t = round2.get(0);
        assertEquals(5, t.channelId());
        assertEquals("{\"ConfigDigest\":\"" + "00".repeat(32) + "\",\"SeqNr\":2,\"ChannelID\":5,\"ValidAfterNanoseconds\":1000,"
                + "\"ObservationTimestampNanoseconds\":2000,\"Values\":[{\"t\":0,\"v\":\"4.4\"},"
                + "{\"t\":1,\"v\":\"Q{Bid: 1, Benchmark: 2, Ask: 3}\"}],\"Specimen\":false}",
                new String(t.reportData(), StandardCharsets.UTF_8));
        assertEquals(32, t.transmissionHash().length);

        List<Transmission> round3 = reporter.reports(channels, Map.of(A, d("5"), B, q("1", "2", "3"), C, d("1")), 3, 3_000, 6);
        assertEquals(List.of(5L, 6L), round3.stream().map(Transmission::channelId).toList());
        assertTrue(new String(round3.get(0).reportData(), StandardCharsets.UTF_8).contains("\"ValidAfterNanoseconds\":2000"));
        assertTrue(new String(round3.get(1).reportData(), StandardCharsets.UTF_8).contains("\"ValidAfterNanoseconds\":1000"),
                "channel 6 could not report in round 2, so its span still starts at round 1");

        try (VectorSchemaRoot root = TransmissionWriter.write(round3, allocator)) {
            assertEquals(2, root.getRowCount());
            assertEquals(3L, ((org.apache.arrow.vector.UInt8Vector) root.getVector("seq_nr")).get(1));
        }
    }
}
