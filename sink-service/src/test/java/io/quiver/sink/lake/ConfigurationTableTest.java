package io.quiver.sink.lake;

import io.quiver.service.testing.ConfigTables;
import org.junit.jupiter.api.Test;

class ConfigurationTableTest {

    @Test
    void theReadmeDocumentsEverySettingWithTheDefaultTheCodeHas() throws Exception {
        ConfigTables.assertDocumented(SinkSettings.class, io.quiver.sink.query.QuerySettings.class,
                io.quiver.sink.live.LiveSettings.class, io.quiver.sink.flight.FlightSettings.class,
                io.quiver.sink.auth.AuthSettings.class);
    }
}
