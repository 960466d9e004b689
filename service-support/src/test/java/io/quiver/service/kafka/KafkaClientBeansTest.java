package io.quiver.service.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import io.quiver.kafka.KafkaClients;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

class KafkaClientBeansTest {

    private static SmallRyeConfig config(Map<String, String> properties, Map<String, String> env) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "application.properties", 250))
                .withSources(new EnvConfigSource(env, 300))
                .build();
    }

    @Test
    void everyKafkaKeyFromPropertiesOrEnvironmentReachesEveryKindOfClientWithPerRoleOverrides() {
        KafkaClients k = KafkaClientBeans.fromConfig(config(
                Map.of("kafka.bootstrap.servers", "broker:9093", "kafka.security.protocol", "PLAINTEXT",
                        "quiver.kafka.producer.linger.ms", "20", "quiver.kafka.consumer.isolation.level", "read_uncommitted"),
                Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_SASL_MECHANISM", "PLAIN",
                        "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"q\" password=\"p\";")));
        for (KafkaClients.Role role : KafkaClients.Role.values()) {
            Map<String, Object> p = k.properties(role, Map.of(), Map.of());
            assertEquals("broker:9093", p.get("bootstrap.servers"), role.name());
            assertEquals("SASL_SSL", p.get("security.protocol"), role + ": the environment wins over the file");
            assertEquals("PLAIN", p.get("sasl.mechanism"), role.name());
            assertTrue(p.get("sasl.jaas.config").toString().contains("password=\"p\""), role.name());
        }
        assertEquals("20", k.properties(KafkaClients.Role.PRODUCER, Map.of("linger.ms", 5), Map.of()).get("linger.ms"),
                "a producer override wins over the shape's tunable");
        assertFalse(k.properties(KafkaClients.Role.CONSUMER, Map.of(), Map.of()).containsKey("linger.ms"), "and reaches producers only");
        assertEquals("read_committed", k.properties(KafkaClients.Role.CONSUMER, Map.of(),
                Map.of("isolation.level", "read_committed")).get("isolation.level"), "what a shape requires cannot be overridden");
        assertEquals("SASL_SSL", k.securityProtocol());
        assertFalse(k.describe().contains("password=\"p\""), "secrets are masked when shown: " + k.describe());
    }

    @Test
    void aConfiguredClientIdIsMadeUniquePerClient() {
        KafkaClients k = KafkaClientBeans.fromConfig(config(Map.of("kafka.bootstrap.servers", "b:1", "kafka.client.id", "ttp"), Map.of()));
        Object a = k.properties(KafkaClients.Role.CONSUMER, Map.of(), Map.of()).get("client.id");
        Object b = k.properties(KafkaClients.Role.CONSUMER, Map.of(), Map.of()).get("client.id");
        assertTrue(a.toString().startsWith("ttp-consumer-") && !a.equals(b), a + " " + b);
    }

    @Test
    void withoutBootstrapServersTheErrorNamesTheKey() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> KafkaClientBeans.fromConfig(config(Map.of(), Map.of())));
        assertTrue(e.getMessage().startsWith("kafka.bootstrap.servers is not set"), e.getMessage());
    }
}
