package io.quiver.service.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.quiver.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.ConfigProvider;

/** What every started service must show: ready with its broker, Arrow gauges, its topics and DLQs. */
public final class ServiceStartupAssertions {

    private ServiceStartupAssertions() {
    }

    public static void assertStarted(URL ready, URL metrics, String service, String... topics) throws Exception {
        given().when().get(ready).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka-broker' }.status", equalTo("UP"));
        given().when().get(metrics).then().statusCode(200)
                .body(containsString("quiver_arrow_limit_bytes{allocator=\"root\",service=\"" + service + "\"}"))
                .body(containsString("quiver_arrow_allocated_bytes{allocator=\"root\",service=\"" + service + "\"} 0.0"));
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (String t : topics) {
                assertTrue(existing.contains(t) && existing.contains(Topics.deadLetterOf(t)), t + " or its DLQ missing: " + existing);
            }
        }
    }
}
