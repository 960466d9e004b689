package io.quiver.service.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.interceptor.Interceptor;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import io.quiver.kafka.Topics;
import io.quiver.service.config.TopicSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the service's topics and their dead-letter topics at start-up when they are missing,
 * with the partitioning and retention of the topic conventions (see the README).
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final TopicSettings settings;
    private final String bootstrap;

    public TopicProvisioner(TopicSettings settings, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.settings = settings;
        this.bootstrap = bootstrap;
    }

    /** Runs before the services' own start-up observers, which may already subscribe to these topics. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) throws Exception {
        List<String> wanted = settings.ensure().orElse(List.of());
        if (!settings.create() || wanted.isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : wanted) {
                if (!existing.contains(topic)) {
                    missing.add(topic(topic, settings.retentionMs()));
                }
                String dlq = Topics.deadLetterOf(topic);
                if (!existing.contains(dlq)) {
                    missing.add(topic(dlq, settings.deadLetterRetentionMs()));
                }
            }
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> e : admin.createTopics(missing).values().entrySet()) {
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                    created.add(e.getKey());
                } catch (ExecutionException ex) {
                    // another instance (or broker auto-creation) got there first: fine
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex;
                    }
                }
            }
            if (!created.isEmpty()) {
                LOG.infof("created topics %s on %s", created, bootstrap);
            }
        }
    }

    private NewTopic topic(String name, long retentionMs) {
        return new NewTopic(name, settings.partitions(), settings.replicationFactor()).configs(Map.of(
                "retention.ms", Long.toString(retentionMs),
                "max.message.bytes", Integer.toString(settings.maxMessageBytes())));
    }
}
