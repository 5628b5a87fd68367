package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.TicketKeys;
import io.p2pcam.protocol.cloud.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The node secrets of resumption tickets, kept in {@code ticket-keys} in the state directory so
 * that a restarted node accepts the tickets it handed out (docs/PROTOCOL.md §4.8, ADMIN.md). One
 * line per key, newest first: {@code id created-unix-seconds secret-hex}. A key issues tickets for
 * one rotation period, then a new one takes over; the old one stays accepted until every ticket it
 * made has expired (one ticket lifetime after it stopped issuing), then it is dropped. The file is
 * written atomically with owner-only permissions. Several nodes may share one file (copy it) to
 * accept each other's tickets.
 *
 * <p>Not thread-safe; called at start and by one timer.
 */
final class TicketKeyFile {
    static final String NAME = "ticket-keys";
    private static final String REMEDY = "restore it from a backup, or move it away to make new keys (cameras then "
            + "sign their next registration instead of resuming)";

    private final Path file;
    private final Duration rotation;
    private final Duration ticketLifetime;
    private final SecureRandom random;

    TicketKeyFile(Path stateDirectory, Duration rotation, Duration ticketLifetime, SecureRandom random) {
        this.file = stateDirectory.resolve(NAME);
        this.rotation = rotation;
        this.ticketLifetime = ticketLifetime;
        this.random = random;
    }

    /** One stored key with the time it started issuing. */
    record Stored(TicketKeys.Key key, long createdSeconds) {}

    /**
     * The keys to use at {@code nowSeconds} (Unix): those in the file, with a new one added when
     * the newest is older than the rotation period (or there is none) and retired ones removed;
     * the file is rewritten if that changed anything.
     *
     * @throws IOException if the file cannot be read, parsed or written
     */
    TicketKeys loadRotating(long nowSeconds) throws IOException {
        List<Stored> stored = read();
        List<Stored> kept = new ArrayList<>();
        if (stored.isEmpty() || stored.getFirst().createdSeconds() + rotation.toSeconds() <= nowSeconds) {
            int id = stored.stream().mapToInt(s -> s.key().id()).max().orElse(0) + 1;
            byte[] secret = new byte[TicketKeys.SECRET_BYTES];
            random.nextBytes(secret);
            kept.add(new Stored(new TicketKeys.Key(id, Bytes.of(secret)), nowSeconds));
        }
        // A key stopped issuing when its successor started; its tickets live one lifetime longer.
        long successorCreated =
                kept.isEmpty() ? Long.MAX_VALUE : kept.getFirst().createdSeconds();
        for (Stored key : stored) {
            if (successorCreated == Long.MAX_VALUE || successorCreated + ticketLifetime.toSeconds() > nowSeconds) {
                kept.add(key);
            }
            successorCreated = key.createdSeconds();
        }
        if (!kept.equals(stored)) {
            write(kept);
        }
        return new TicketKeys(kept.stream().map(Stored::key).toList());
    }

    private List<Stored> read() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Stored> keys = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        int number = 0;
        for (String line : StateFileException.readLines(file, REMEDY)) {
            number++;
            String[] fields = line.strip().split("\\s+");
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                if (fields.length != 3) {
                    throw new IllegalArgumentException("3 fields expected");
                }
                keys.add(new Stored(
                        new TicketKeys.Key(Integer.parseInt(fields[0]), Bytes.of(hex.parseHex(fields[2]))),
                        Long.parseLong(fields[1])));
            } catch (IllegalArgumentException e) {
                throw StateFileException.damaged(
                        file,
                        "line " + number + " is not 'id created-seconds secret-hex' (" + e.getMessage() + ")",
                        REMEDY);
            }
        }
        return keys;
    }

    private void write(List<Stored> keys) throws IOException {
        StringBuilder text = new StringBuilder("# p2pcam resumption ticket keys, newest first: id created secret\n");
        HexFormat hex = HexFormat.of();
        for (Stored key : keys) {
            text.append(key.key().id())
                    .append(' ')
                    .append(key.createdSeconds())
                    .append(' ')
                    .append(hex.formatHex(key.key().secret().toArray()))
                    .append('\n');
        }
        OwnerOnlyFile.writeAtomically(file, text.toString());
    }
}
