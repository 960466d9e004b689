package io.quiver.service.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quiver.service.testing.ConfigTables;
import org.junit.jupiter.api.Test;

class ConfigurationTableTest {

    @Test
    void theReadmeDocumentsEverySharedSettingWithTheDefaultTheCodeHas() throws Exception {
        ConfigTables.assertDocumented(ArrowSettings.class);
        ConfigTables.assertDocumented(TopicSettings.class);
    }

    @Test
    void aDefaultWrittenForPeopleStillHasToBeTheCodesDefault() {
        assertTrue(ConfigTables.sameDefault("1073741824", "1 GiB"));
        assertTrue(ConfigTables.sameDefault("2592000000", "30 days"));
        assertTrue(ConfigTables.sameDefault("none", "`none` (`generated` in `./quiver up`)"));
        assertFalse(ConfigTables.sameDefault("16777216", "4 MiB"));
        assertFalse(ConfigTables.sameDefault("8", "16"));
    }
}
