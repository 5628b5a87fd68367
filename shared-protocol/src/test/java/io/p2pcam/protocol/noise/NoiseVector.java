package io.p2pcam.protocol.noise;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One test vector in the cacophony format, read from {@code src/test/resources/noise/<name>.json}.
 * Keys are hex; {@code *_static} and {@code *_ephemeral} are private keys, {@code *_remote_static}
 * public keys known before the handshake.
 */
record NoiseVector(String name, Map<String, Object> fields, List<Message> messages) {

    record Message(byte[] payload, byte[] ciphertext) {}

    static NoiseVector load(String name) {
        String resource = "/noise/" + name + ".json";
        try (InputStream in = NoiseVector.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test vector " + resource);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> json =
                    (Map<String, Object>) MiniJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rawMessages = (List<Map<String, Object>>) json.get("messages");
            List<Message> messages = rawMessages.stream()
                    .map(m -> new Message(hex((String) m.get("payload")), hex((String) m.get("ciphertext"))))
                    .toList();
            return new NoiseVector((String) json.get("name"), json, messages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hex field {@code key} decoded, if present. */
    Optional<byte[]> bytes(String key) {
        return Optional.ofNullable((String) fields.get(key)).map(NoiseVector::hex);
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text);
    }
}
