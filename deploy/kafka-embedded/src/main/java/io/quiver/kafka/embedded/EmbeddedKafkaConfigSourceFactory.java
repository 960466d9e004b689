package io.quiver.kafka.embedded;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives a Quarkus service a real broker when none is configured: in the {@code dev} and {@code test}
 * profiles, if {@code kafka.bootstrap.servers} is unset and {@code quiver.kafka.embedded} is not
 * {@code false}, it starts the JVM's {@link SharedEmbeddedKafka} broker and supplies its address.
 * In any other profile it does nothing, so a production service never starts a broker by accident
 * (set {@code quiver.kafka.embedded=true} to ask for one explicitly, as the local launcher does).
 */
public final class EmbeddedKafkaConfigSourceFactory implements ConfigSourceFactory {

    /** Below application.properties (250) and the environment (300): explicit settings always win. */
    static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue bootstrap = context.getValue("kafka.bootstrap.servers");
        if (bootstrap != null && bootstrap.getValue() != null && !bootstrap.getValue().isBlank()) {
            return Collections.emptyList();
        }
        ConfigValue wanted = context.getValue("quiver.kafka.embedded");
        String explicit = wanted == null ? null : wanted.getValue();
        List<String> profiles = context.getProfiles();
        boolean devOrTest = profiles.contains("dev") || profiles.contains("test");
        boolean start = explicit != null ? Boolean.parseBoolean(explicit) : devOrTest;
        if (!start) {
            return Collections.emptyList();
        }
        String servers = SharedEmbeddedKafka.get().bootstrapServers();
        return List.of(new MapBackedConfigSource("quiver-embedded-kafka", Map.of(
                "kafka.bootstrap.servers", servers,
                "quarkus.kafka.devservices.enabled", "false"), ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
