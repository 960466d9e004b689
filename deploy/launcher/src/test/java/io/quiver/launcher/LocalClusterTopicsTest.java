package io.quiver.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.Topics;
import io.quiver.kafka.embedded.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class LocalClusterTopicsTest {

    private static Config config(Admin admin, String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
    }

    /** A topic config as the broker reports it once an alteration reached its metadata (a moment after it was acknowledged). */
    private static String eventually(Admin admin, String topic, String key, String want) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        String got = config(admin, topic).get(key).value();
        while (!want.equals(got) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            got = config(admin, topic).get(key).value();
        }
        return got;
    }

    @Test
    void topicsOfTheLocalClusterKeepDataForEverAndDeadLettersThirtyDaysEvenWhenAnEarlierRunMadeThemWithoutConfigs() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(6, Topics.STELLAR_LEDGERS); // as an earlier launcher did: broker defaults (7 days)
            LocalCluster.provisionTopics(broker.bootstrapServers(), broker);
            try (Admin admin = KafkaClients.plaintext(broker.bootstrapServers()).admin()) {
                for (String t : LocalCluster.DATA_TOPICS) {
                    assertEquals("-1", eventually(admin, t, "retention.ms", "-1"), t);
                    assertEquals("8388608", eventually(admin, t, "max.message.bytes", "8388608"), t);
                    assertEquals("2592000000", eventually(admin, Topics.deadLetterOf(t), "retention.ms", "2592000000"), t + ".dlq");
                }
                Map<String, TopicDescription> d = admin.describeTopics(List.of(Topics.LLO_AGGREGATES)).allTopicNames().get(30, TimeUnit.SECONDS);
                assertEquals(6, d.get(Topics.LLO_AGGREGATES).partitions().size());
            }
        }
    }
}
