package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.cloud.core.TicketKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketKeyFileTest {
    private static final Duration WEEK = Duration.ofDays(7);
    private static final long DAY = 86_400;

    @TempDir
    Path state;

    private TicketKeyFile file() {
        return new TicketKeyFile(state, WEEK, WEEK, new SecureRandom());
    }

    @Test
    void theFirstStartCreatesAKeyOnlyTheOwnerCanRead() throws IOException {
        TicketKeys keys = file().loadRotating(1_000 * DAY);
        assertThat(keys.keys()).hasSize(1);
        Path written = state.resolve(TicketKeyFile.NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written)))
                .isEqualTo("rw-------");
    }

    @Test
    void aRestartWithinTheRotationPeriodGetsTheSameKeys() throws IOException {
        TicketKeys first = file().loadRotating(1_000 * DAY);
        TicketKeys again = file().loadRotating(1_003 * DAY);
        assertThat(again).isEqualTo(first);
    }

    @Test
    void afterTheRotationPeriodANewKeyIssuesAndTheOldOneIsStillAcceptedForATicketLifetime() throws IOException {
        TicketKeys first = file().loadRotating(1_000 * DAY);
        TicketKeys rotated = file().loadRotating(1_008 * DAY);
        assertThat(rotated.keys()).hasSize(2);
        assertThat(rotated.current()).isNotEqualTo(first.current());
        assertThat(rotated.keys().get(1)).isEqualTo(first.current());

        TicketKeys later = file().loadRotating(1_014 * DAY); // 6 days after the old key stopped issuing
        assertThat(later.keys()).containsExactlyElementsOf(rotated.keys());
        TicketKeys retired = file().loadRotating(1_015 * DAY + 1); // every ticket of the old key has expired
        assertThat(retired.keys()).hasSize(2).doesNotContain(first.current());
        assertThat(retired.keys().get(1)).isEqualTo(rotated.current());
    }

    @Test
    void aDamagedFileStopsTheStartWithTheLineToFix() throws IOException {
        Files.writeString(state.resolve(TicketKeyFile.NAME), "1 2 nothex\n");
        assertThatThrownBy(() -> file().loadRotating(1_000 * DAY))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("line 1");
    }
}
