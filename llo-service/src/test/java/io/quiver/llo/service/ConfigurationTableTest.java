package io.quiver.llo.service;

import io.quiver.service.testing.ConfigTables;
import org.junit.jupiter.api.Test;

class ConfigurationTableTest {

    @Test
    void theReadmeDocumentsEverySettingWithTheDefaultTheCodeHas() throws Exception {
        ConfigTables.assertDocumented(LloSettings.class);
    }
}
