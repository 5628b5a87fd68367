package io.p2pcam.viewer.config;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdFormatException;
import io.p2pcam.runtime.AtomicWrite;
import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cloud passes paired cameras gave this viewer (docs/PROTOCOL.md §5.3), beside the viewer key:
 * {@value #FILE_NAME}, one line per camera ({@code camera-id pass-id-hex pass-key-hex}), owner-only,
 * rewritten atomically ({@link AtomicWrite}) when a camera hands out a new pass. A pass only gets the viewer's connect
 * requests past strangers at the cloud; losing the file costs that priority until the next connect.
 * Thread-safe (one lock per store object; several processes sharing a directory last-writer-win).
 */
public final class CloudPassStore {
    public static final String FILE_NAME = "cloud-passes";

    private final Path file;
    private final Map<CameraId, CloudPass> passes = new LinkedHashMap<>();

    private CloudPassStore(Path file) {
        this.file = file;
    }

    /** The passes kept in {@code directory}; lines that do not parse are skipped (the pass is merely lost). */
    public static CloudPassStore load(Path directory) throws IOException {
        CloudPassStore store = new CloudPassStore(directory.resolve(FILE_NAME));
        if (Files.exists(store.file)) {
            HexFormat hex = HexFormat.of();
            for (String line : Files.readAllLines(store.file, StandardCharsets.US_ASCII)) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length != 3 || line.startsWith("#")) {
                    continue;
                }
                try {
                    CloudPass pass =
                            new CloudPass(HexFormat.fromHexDigitsToLong(fields[1]), Bytes.of(hex.parseHex(fields[2])));
                    store.passes.put(CameraId.parse(fields[0]), pass);
                } catch (IllegalArgumentException | CameraIdFormatException e) {
                    // a damaged line: that camera's pass is gone, the next connect brings a new one
                }
            }
        }
        return store;
    }

    /** A store holding nothing yet that saves into {@code directory} (when the file there cannot be read). */
    public static CloudPassStore empty(Path directory) {
        return new CloudPassStore(directory.resolve(FILE_NAME));
    }

    /** The pass {@code camera} gave us, or {@link CloudPass#NONE}. */
    public synchronized CloudPass get(CameraId camera) {
        return passes.getOrDefault(camera, CloudPass.NONE);
    }

    /** Keeps {@code pass} for {@code camera} and saves the file if that changed anything. */
    public synchronized void put(CameraId camera, CloudPass pass) throws IOException {
        if (!pass.present() || pass.equals(passes.get(camera))) {
            return;
        }
        passes.put(camera, pass);
        StringBuilder text = new StringBuilder("# p2pcam cloud passes: camera pass-id pass-key (secret)\n");
        HexFormat hex = HexFormat.of();
        passes.forEach((id, kept) -> text.append(id)
                .append(' ')
                .append(hex.toHexDigits(kept.id()))
                .append(' ')
                .append(hex.formatHex(kept.key().toArray()))
                .append('\n'));
        Path directory = file.toAbsolutePath().getParent();
        UserFiles.createOwnerOnlyDirectory(directory);
        AtomicWrite.replace(file, text.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
