package io.quiver.service.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.quiver.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * The service's {@link KafkaClients}, from the Quarkus configuration: every {@code kafka.*} key
 * (from any source: {@code application.properties}, {@code -D}, or environment variables such as
 * {@code KAFKA_SECURITY_PROTOCOL}, whose underscores become dots) reaches every client, and
 * {@code quiver.kafka.consumer.*}, {@code quiver.kafka.producer.*}, {@code quiver.kafka.admin.*}
 * override them for one kind of client. Every stage, reader, health check and provisioner of the
 * service builds its clients from this bean.
 */
@ApplicationScoped
public class KafkaClientBeans {

    static final String COMMON = "kafka.";
    static final String CONSUMER = "quiver.kafka.consumer.";
    static final String PRODUCER = "quiver.kafka.producer.";
    static final String ADMIN = "quiver.kafka.admin.";

    @Produces
    @Singleton
    KafkaClients kafkaClients(Config config) {
        KafkaClients clients = fromConfig(config);
        // what the service talks to, once at start, secrets masked
        org.jboss.logging.Logger.getLogger(KafkaClientBeans.class).infof("Kafka clients: %s", clients.describe());
        return clients;
    }

    /** The clients {@code config} describes; fails with the key's name when the cluster is not set. */
    public static KafkaClients fromConfig(Config config) {
        return new KafkaClients(collect(config, COMMON), collect(config, CONSUMER), collect(config, PRODUCER),
                collect(config, ADMIN));
    }

    /**
     * The Kafka properties under {@code prefix}: names as Kafka spells them (lower case, dotted),
     * each value as the configuration resolves the dotted name (so an environment variable
     * overrides a property file as usual). Empty values are left out.
     */
    static Map<String, Object> collect(Config config, String prefix) {
        Map<String, Object> out = new TreeMap<>();
        String envPrefix = prefix.replace('.', '_').toUpperCase(Locale.ROOT);
        for (String name : config.getPropertyNames()) {
            String key;
            if (name.startsWith(prefix)) {
                key = name.substring(prefix.length());
            } else if (name.startsWith(envPrefix)) {
                key = name.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            } else {
                continue;
            }
            if (key.isEmpty()) {
                continue;
            }
            config.getOptionalValue(prefix + key, String.class).filter(v -> !v.isBlank()).ifPresent(v -> out.put(key, v));
        }
        return out;
    }
}
