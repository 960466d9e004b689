package io.quiver.kafka.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerTest {

    @Test
    void recordsProducedToTheInProcessBrokerAreConsumedBackInOrder() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            broker.createTopics(1, "smoke.v1");
            Properties pp = broker.clientProperties();
            pp.put("enable.idempotence", "true");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("smoke.v1", "k" + i, "v" + i));
                }
                producer.flush();
            }
            Properties cp = broker.clientProperties();
            cp.put("group.id", "smoke");
            cp.put("auto.offset.reset", "earliest");
            List<String> seen = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("smoke.v1"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (seen.size() < 100 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        seen.add(r.value());
                    }
                }
            }
            assertEquals(100, seen.size());
            assertEquals("v0", seen.get(0));
            assertEquals("v99", seen.get(99));
        }
    }
}
