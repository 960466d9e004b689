package io.quiver.sink;

import java.net.URL;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quiver.kafka.Topics;
import io.quiver.service.testing.ServiceStartupAssertions;
import org.junit.jupiter.api.Test;

@QuarkusTest
@io.quarkus.test.common.QuarkusTestResource(io.quiver.sink.testing.FreshLake.class)
class SinkServiceStartupTest {

    // with management = true the URL is relative to the management root path (/q)
    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void startsOnTheInProcessBrokerWithItsTopicsHealthAndArrowGauges() throws Exception {
        ServiceStartupAssertions.assertStarted(ready, metrics, "sink-service", Topics.STELLAR_TTP_EVENTS);
    }
}
