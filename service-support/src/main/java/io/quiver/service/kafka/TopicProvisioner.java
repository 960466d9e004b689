package io.quiver.service.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quiver.kafka.KafkaClients;
import io.quiver.kafka.TopicConventions;
import io.quiver.service.config.TopicSettings;
import io.quiver.service.stage.StageRunner;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the service's topics and their dead-letter topics at start-up when they are missing,
 * with the partitioning and retention of the topic conventions (see the README). A cluster that
 * does not answer within 5 s is one warning line naming its address; provisioning is then tried
 * again every 5 s in the background while the stages retry on their own (start-up never hangs on
 * an absent broker, and readiness says DOWN through the broker check meanwhile).
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);
    private static final int TIMEOUT_MS = 5_000;

    private final TopicSettings settings;
    private final KafkaClients kafka;
    private ScheduledExecutorService retries;

    public TopicProvisioner(TopicSettings settings, KafkaClients kafka) {
        this.settings = settings;
        this.kafka = kafka;
    }

    /** Runs before the services' own start-up observers, which may already subscribe to these topics. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        List<String> wanted = settings.ensure().orElse(List.of());
        if (!settings.create() || wanted.isEmpty()) {
            return;
        }
        try {
            provision(wanted);
        } catch (Exception e) {
            LOG.warnf("cannot provision topics %s on Kafka at %s (%s): %s; trying again every 5 s", wanted,
                    kafka.bootstrapServers(), kafka.securityProtocol(), StageRunner.oneLine(e));
            retries = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "topic-provisioning");
                t.setDaemon(true);
                return t;
            });
            retries.scheduleWithFixedDelay(() -> {
                try {
                    provision(wanted);
                    retries.shutdown();
                } catch (Exception again) {
                    LOG.debugf("topics still not provisioned: %s", StageRunner.oneLine(again));
                }
            }, TIMEOUT_MS, TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (retries != null) {
            retries.shutdownNow();
        }
    }

    private void provision(List<String> wanted) throws Exception {
        try (Admin admin = kafka.admin(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS / 2))) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            TopicConventions conventions = conventions();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : wanted) {
                for (NewTopic t : conventions.withDeadLetter(topic)) {
                    if (!existing.contains(t.name())) {
                        missing.add(t);
                    }
                }
            }
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> e : admin.createTopics(missing).values().entrySet()) {
                try {
                    e.getValue().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    created.add(e.getKey());
                } catch (ExecutionException ex) {
                    // another instance (or broker auto-creation) got there first: fine
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex;
                    }
                }
            }
            if (!created.isEmpty()) {
                LOG.infof("created topics %s on %s", created, kafka.bootstrapServers());
            }
        }
    }

    private TopicConventions conventions() {
        return new TopicConventions(settings.partitions(), settings.replicationFactor(), settings.retentionMs(),
                settings.deadLetterRetentionMs(), settings.maxMessageBytes());
    }
}
