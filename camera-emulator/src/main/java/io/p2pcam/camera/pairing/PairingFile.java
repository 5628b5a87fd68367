package io.p2pcam.camera.pairing;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.PairingStoreException;
import io.p2pcam.runtime.AtomicWrite;
import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The camera's paired viewers on disk: {@value #FILE_NAME} in the state directory, owner-only
 * ({@code rw-------}), written beside its final name, forced to disk and moved into place
 * ({@link AtomicWrite}), so a crash leaves the old or the new list, never half of one. One line per key:
 *
 * <pre>
 * paired  &lt;X25519 key, hex&gt; &lt;paired at, epoch ms&gt; &lt;high-water mark, epoch ns&gt; &lt;name, base64url&gt;
 * revoked &lt;X25519 key, hex&gt; &lt;high-water mark, epoch ns&gt;
 * </pre>
 *
 * A file that does not parse is an error, never an empty list: the next save would overwrite the
 * real pairings. Stateless; while a camera runs, its {@link PairingWriter}'s thread is the only writer.
 */
public final class PairingFile implements PairingStore.Journal {
    public static final String FILE_NAME = "viewers";
    private static final String HEADER = "# p2pcam paired viewers v1";
    private static final String REMEDY = "fix or move the file away (moving it away forgets every paired viewer)";
    private static final HexFormat HEX = HexFormat.of();

    private final Path file;

    public PairingFile(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    public PairingStore.Snapshot load() throws IOException {
        if (!Files.exists(file)) {
            return PairingStore.Snapshot.empty();
        }
        List<PairingStore.Pairing> pairings = new ArrayList<>();
        Map<Bytes, Long> revoked = new LinkedHashMap<>();
        int number = 0;
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot use " + file + ": " + UserFiles.describe(e) + "; " + REMEDY, e);
        }
        for (String line : lines) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(" ");
            try {
                if (fields[0].equals("paired") && fields.length == 5) {
                    pairings.add(new PairingStore.Pairing(
                            key(fields[1]),
                            new String(Base64.getUrlDecoder().decode(fields[4]), StandardCharsets.UTF_8),
                            Long.parseLong(fields[2]),
                            Long.parseLong(fields[3])));
                } else if (fields[0].equals("revoked") && fields.length == 3) {
                    revoked.put(key(fields[1]), Long.parseLong(fields[2]));
                } else {
                    throw new IllegalArgumentException("unknown entry");
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + number + " does not parse (" + e.getMessage() + "); " + REMEDY);
            }
        }
        return new PairingStore.Snapshot(pairings, revoked);
    }

    @Override
    public void save(PairingStore.Snapshot snapshot) throws PairingStoreException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (PairingStore.Pairing pairing : snapshot.pairings()) {
            text.append("paired ")
                    .append(HEX.formatHex(pairing.viewerKey().toArray()))
                    .append(' ')
                    .append(pairing.pairedAtMillis())
                    .append(' ')
                    .append(pairing.highWaterNanos())
                    .append(' ')
                    .append(Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(pairing.name().getBytes(StandardCharsets.UTF_8)))
                    .append('\n');
        }
        snapshot.revoked()
                .forEach((key, mark) -> text.append("revoked ")
                        .append(HEX.formatHex(key.toArray()))
                        .append(' ')
                        .append(mark)
                        .append('\n'));
        try {
            AtomicWrite.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PairingStoreException("cannot write " + file + ": " + UserFiles.describe(e), e);
        }
    }

    static Bytes key(String hex) {
        byte[] raw = HEX.parseHex(hex);
        if (raw.length != 32) {
            throw new IllegalArgumentException("a viewer key has 32 bytes");
        }
        return Bytes.of(raw);
    }
}
