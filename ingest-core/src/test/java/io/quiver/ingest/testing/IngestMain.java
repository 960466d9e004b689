package io.quiver.ingest.testing;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.ingest.IngestJob;
import io.quiver.ingest.source.LedgerRange;
import io.quiver.ingest.source.datalake.DataLakeSource;
import io.quiver.ingest.source.datalake.LocalObjectStore;
import org.apache.arrow.memory.RootAllocator;

/**
 * A separate JVM running one ingest job from a data-lake folder, so a test can kill it with
 * SIGKILL mid-range. Args: bootstrap lakeDir start end topic instance maxLedgersPerBatch.
 */
public final class IngestMain {

    public static void main(String[] args) throws Exception {
        var settings = new IngestJob.Settings(args[5], LedgerRange.bounded(Long.parseLong(args[2]), Long.parseLong(args[3])),
                args[4], 4 << 20, Integer.parseInt(args[6]), io.quiver.kafka.KafkaClients.plaintext(args[0]));
        try (RootAllocator allocator = new RootAllocator();
             DataLakeSource lake = DataLakeSource.open(new LocalObjectStore(Path.of(args[1])),
                     DataLakeSource.Settings.defaults(), Optional.empty())) {
            var outcome = new IngestJob(settings, ArrowKafkaCodec.defaults(), allocator,
                    (ledgers, xdr, bytes, next) -> System.out.println("committed next=" + next)).run(lake);
            System.out.println("done " + outcome);
        }
    }
}
