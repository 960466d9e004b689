package io.quiver.llo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;

import io.quiver.llo.round.NodeObservation;
import io.quiver.llo.round.RoundInput;
import io.quiver.llo.wire.LloObservationProto;
import org.junit.jupiter.api.Test;

class LloObservationProtoTest {

    @Test
    void everyValueTypeSurvivesTheWireFormat() {
        RoundInput round = RandomRounds.round(2_000, 4, 1, 99);
        for (NodeObservation o : round.observations()) {
            NodeObservation back = LloObservationProto.decode(LloObservationProto.encode(o), o.observer());
            assertEquals(o.timestampNanos(), back.timestampNanos());
            assertEquals(o.streamValues(), back.streamValues());
        }
    }

    @Test
    void theLegacyInt64TimestampIsReadWhenTheNewFieldIsAbsent() {
        // field 3 (int64) = 1000: tag 0x18, varint 0xe8 0x07
        NodeObservation o = LloObservationProto.decode(HexFormat.of().parseHex("18e807"), 2);
        assertEquals(1000, o.timestampNanos());
        assertEquals(2, o.observer());
        assertTrue(o.streamValues().isEmpty());
    }

    @Test
    void badInputIsAClearErrorNeverAnotherException() {
        // stream 1 -> LLOStreamValue{type = 7}
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> LloObservationProto.decode(HexFormat.of().parseHex("32060801120208" + "07"), 0));
        assertTrue(unknown.getMessage().contains("unknown StreamValueType 7"), unknown.getMessage());
        byte[] good = LloObservationProto.encode(RandomRounds.round(40, 4, 1, 3).observations().get(0));
        for (int cut = 1; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            try {
                LloObservationProto.decode(truncated, 0);
            } catch (IllegalArgumentException expected) {
                // a clear error; any other exception type fails the test
            }
        }
    }
}
