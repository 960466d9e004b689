package io.quiver.service.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class RangeTicketTest {

    @Test
    void parsesRangesLiveEndsAndOptions() {
        assertEquals(new RangeTicket(10, OptionalLong.of(20), ""), RangeTicket.parse("stellar_ledger:10:20", "stellar_ledger", false));
        assertEquals(new RangeTicket(10, OptionalLong.empty(), ""), RangeTicket.parse("stellar_ledger:10:0", "stellar_ledger", false));
        assertEquals(new RangeTicket(10, OptionalLong.empty(), ""), RangeTicket.parse("stellar_ledger:10:5", "stellar_ledger", false));
        assertEquals(new RangeTicket(1, OptionalLong.of(2), "type=fee;asset=native"),
                RangeTicket.parse("ttp_events:1:2:type=fee;asset=native", "ttp_events", true));
    }

    @Test
    void refusesOtherShapesWithOneLineSayingWhy() {
        assertEquals("ticket 'ttp_events:1:2': stream type 'ttp_events' is not served here, only stellar_ledger (ttp_events is "
                + "served by ttp-service on port 8816)", assertThrows(IllegalArgumentException.class,
                () -> RangeTicket.parse("ttp_events:1:2", "stellar_ledger", false)).getMessage());
        assertEquals("ticket 'stellar_ledger:1:2:x': expected stellar_ledger:START:END", assertThrows(IllegalArgumentException.class,
                () -> RangeTicket.parse("stellar_ledger:1:2:x", "stellar_ledger", false)).getMessage());
        assertEquals("ticket 'ttp_events:a:2': START and END must be ledger numbers", assertThrows(IllegalArgumentException.class,
                () -> RangeTicket.parse("ttp_events:a:2", "ttp_events", true)).getMessage());
        assertEquals("ticket 'ttp_events:0:2': START must be a ledger sequence (1 or more)", assertThrows(IllegalArgumentException.class,
                () -> RangeTicket.parse("ttp_events:0:2", "ttp_events", true)).getMessage());
    }
}
