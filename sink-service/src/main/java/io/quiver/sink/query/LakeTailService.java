package io.quiver.sink.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quiver.codec.ArrowKafkaCodec;
import io.quiver.files.Folders;
import io.quiver.kafka.KafkaClients;
import io.quiver.lake.tail.LakeTail;
import io.quiver.memory.ServiceAllocator;
import io.quiver.sink.lake.LakeAccess;
import io.quiver.sink.lake.SinkSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Runs lake-core's {@link LakeTail} for the query engine: every lake table's topic read past the
 * manifest's offsets, so SQL, REST and Flight SQL answers are current to the newest record instead
 * of up to a file's age behind. Started with the service (the lake is opened by the tail's own
 * thread, retried while it cannot be reached); absent when switched off.
 */
@ApplicationScoped
public class LakeTailService {

    private static final Logger LOG = Logger.getLogger(LakeTailService.class);

    private final QuerySettings settings;
    private final SinkSettings sink;
    private final LakeAccess lake;
    private final KafkaClients kafka;
    private final ArrowKafkaCodec codec;
    private final ServiceAllocator allocator;
    private final Path dir;
    private volatile LakeTail tail;

    public LakeTailService(QuerySettings settings, SinkSettings sink, LakeAccess lake, KafkaClients kafka, ArrowKafkaCodec codec,
                           ServiceAllocator allocator) {
        this.settings = settings;
        this.sink = sink;
        this.lake = lake;
        this.kafka = kafka;
        this.codec = codec;
        this.allocator = allocator;
        // the default folder names the process too: instances on one machine may share an instance id
        // (tests, a mis-configuration), and one must never empty another's tail
        this.dir = settings.tail().dir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "quiver-tail",
                sink.instanceId() + "-" + ProcessHandle.current().pid())).toAbsolutePath().normalize();
    }

    /** Default folders of processes of this instance id that are gone (killed, so never cleaned up). */
    private void removeDeadSiblings() {
        if (settings.tail().dir().isPresent()) {
            return;
        }
        String prefix = sink.instanceId() + "-";
        try (Stream<Path> siblings = Files.list(dir.getParent())) {
            for (Path p : siblings.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(prefix) || p.equals(dir)) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(name.substring(prefix.length()));
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                } catch (NumberFormatException e) {
                    continue;
                }
                Folders.deleteTree(p);
            }
        } catch (IOException e) {
            LOG.debugf("old tail folders not removed: %s", e.getMessage());
        }
    }

    /** The tail's folder (SQL may read it besides the lake). */
    public Path dir() {
        return dir;
    }

    void start(@Observes StartupEvent event) {
        if (!settings.tail().enabled()) {
            return;
        }
        removeDeadSiblings();
        LakeTail t = new LakeTail(new LakeTail.Options(lake.tables(), sink.format(), dir, settings.tail().maxBytes(), settings.refresh()),
                kafka, codec, allocator.stage("tail", 1L << 30), lake::store);
        try {
            t.start();
        } catch (IOException e) {
            // the rest of the service works without it: answers are then as of the committed files
            LOG.errorf("lake tail off: its folder %s cannot be made (%s); SQL answers are as of the committed files, "
                    + "set quiver.sink.query.tail.dir to a writable folder", dir, e.getMessage());
            t.close();
            return;
        }
        tail = t;
        LOG.infof("lake tail: %d tables read past the lake's offsets into %s (at most %d MiB)", lake.tables().size(), dir,
                settings.tail().maxBytes() >> 20);
    }

    /** The running tail, or null when it is off (or not started yet). */
    public LakeTail tail() {
        return tail;
    }

    void stop(@Observes ShutdownEvent event) {
        LakeTail t = tail;
        tail = null;
        if (t != null) {
            t.close();
        }
    }
}
