package dev.ssehub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Plain JUnit: the payload codec is pure text handling. */
class PayloadTest {

    @Test
    void aPayloadCarriesItsStepAndTimeAtAFixedSize() {
        byte[] data = Payload.encode(12, -987_654_321_000L).getBytes(StandardCharsets.US_ASCII);
        assertEquals(Payload.SIZE, data.length);
        assertEquals(12, Payload.step(data, data.length));
        assertEquals(-987_654_321_000L, Payload.nanos(data, data.length));
    }

    @Test
    void otherDataIsRecognisedAsNoPayload() {
        byte[] data = "{\"@context\":\"https://mercure.rocks/\"}".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, Payload.step(data, data.length));
        assertEquals(-1, Payload.nanos(data, data.length));
    }
}
