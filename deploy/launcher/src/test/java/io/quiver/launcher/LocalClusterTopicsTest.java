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

    @Test
    void topicsOfTheLocalClusterKeepDataForEverAndDeadLettersThirtyDaysEvenWhenAnEarlierRunMadeThemWithoutConfigs() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(6, Topics.STELLAR_LEDGERS); // as an earlier launcher did: broker defaults (7 days)
            LocalCluster.provisionTopics(broker);
            try (Admin admin = KafkaClients.plaintext(broker.bootstrapServers()).admin()) {
                for (String t : LocalCluster.DATA_TOPICS) {
                    assertEquals("-1", config(admin, t).get("retention.ms").value(), t);
                    assertEquals("8388608", config(admin, t).get("max.message.bytes").value(), t);
                    assertEquals("2592000000", config(admin, Topics.deadLetterOf(t)).get("retention.ms").value(), t + ".dlq");
                }
                Map<String, TopicDescription> d = admin.describeTopics(List.of(Topics.LLO_AGGREGATES)).allTopicNames().get(30, TimeUnit.SECONDS);
                assertEquals(6, d.get(Topics.LLO_AGGREGATES).partitions().size());
            }
        }
    }
}
