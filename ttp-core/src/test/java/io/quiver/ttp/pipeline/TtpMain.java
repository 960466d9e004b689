package io.quiver.ttp.pipeline;

import java.time.Duration;
import java.util.List;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.kafka.KafkaClients;
import io.quiver.testing.SharedLedgers;
import org.apache.arrow.memory.RootAllocator;

/**
 * A ttp pipeline in its own JVM, so a test can SIGKILL it mid-stream. Args: bootstrap input events
 * proto contract group instance.
 */
public final class TtpMain {

    public static void main(String[] a) throws Exception {
        KafkaClients kafka = KafkaClients.plaintext(a[0]);
        try (RootAllocator allocator = new RootAllocator()) {
            TtpPipeline p = new TtpPipeline(new TtpPipeline.Settings(a[1], a[5], a[6], kafka, 4, Duration.ofSeconds(6)), ArrowKafkaCodec.defaults(),
                    allocator, new LedgerEvents(false, EventFilter.ALL, new NetworkPassphrases(List.of(SharedLedgers.LOAD_TEST))),
                    new EventRecords(ArrowKafkaCodec.defaults(), allocator, EventRecords.Mode.ARROW,
                            new EventRecords.Topics(a[2], a[3], a[4])),
                    (records, ledgers, x, dead, bytes) -> System.out.println("committed " + ledgers));
            p.run();
        }
    }
}
