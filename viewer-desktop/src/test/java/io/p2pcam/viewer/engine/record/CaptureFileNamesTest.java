package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFileNamesTest {

    @TempDir
    Path folder;

    private CaptureFileNames names() {
        CaptureDirectories directories = new CaptureDirectories(folder.resolve("videos"), folder.resolve("pictures"));
        Clock clock = Clock.fixed(Instant.parse("2026-11-30T10:15:07Z"), ZoneId.of("Europe/Berlin"));
        return new CaptureFileNames(directories, clock);
    }

    @Test
    void recordingsAndSnapshotsAreNamedAfterTheCameraAndTheLocalTime() {
        assertThat(names().newRecording("Front door"))
                .isEqualTo(folder.resolve("videos/Front_door-20261130-111507.mp4"));
        assertThat(names().newSnapshot("Front door"))
                .isEqualTo(folder.resolve("pictures/Front_door-20261130-111507.png"));
    }

    @Test
    void aTakenNameGetsANumber() throws Exception {
        Files.createDirectories(folder.resolve("pictures"));
        Files.createFile(folder.resolve("pictures/Garage-20261130-111507.png"));
        Files.createFile(folder.resolve("pictures/Garage-20261130-111507-2.png"));

        assertThat(names().newSnapshot("Garage")).isEqualTo(folder.resolve("pictures/Garage-20261130-111507-3.png"));
    }

    @Test
    void aNameWhoseRecordingIsStillBeingWrittenIsTaken() throws Exception {
        Files.createDirectories(folder.resolve("videos"));
        Files.createFile(folder.resolve("videos/Garage-20261130-111507.mp4.part"));

        assertThat(names().newRecording("Garage")).isEqualTo(folder.resolve("videos/Garage-20261130-111507-2.mp4"));
    }

    @Test
    void aNameGivenOutIsNotGivenAgainBeforeItsFileExists() {
        // Two snapshots in one second: the first is written later, on another thread.
        CaptureFileNames names = names();

        Path first = names.newSnapshot("Garage");
        Path second = names.newSnapshot("Garage");

        assertThat(second).isNotEqualTo(first).isEqualTo(folder.resolve("pictures/Garage-20261130-111507-2.png"));
    }

    @Test
    void cameraNamesLoseEverythingAFileSystemCouldMisread() {
        assertThat(CaptureFileNames.sanitize("Front door")).isEqualTo("Front_door");
        assertThat(CaptureFileNames.sanitize("../../etc/passwd")).isEqualTo("etc_passwd");
        assertThat(CaptureFileNames.sanitize("a/b\\c:d*e?f\"g<h>i|j")).isEqualTo("a_b_c_d_e_f_g_h_i_j");
        assertThat(CaptureFileNames.sanitize("Küche 2.OG")).isEqualTo("Küche_2.OG");
        assertThat(CaptureFileNames.sanitize(" tab\tand\nnewline ")).isEqualTo("tab_and_newline");
        assertThat(CaptureFileNames.sanitize("...")).isEqualTo("camera");
        assertThat(CaptureFileNames.sanitize("")).isEqualTo("camera");
        assertThat(CaptureFileNames.sanitize("x".repeat(200))).hasSize(CaptureFileNames.MAX_NAME_LENGTH);
    }

    @Test
    void cuttingALongNameNeverSplitsACharacter() {
        // U+1D400 MATHEMATICAL BOLD CAPITAL A: a letter outside the BMP, two chars long.
        String prefix = "a".repeat(CaptureFileNames.MAX_NAME_LENGTH - 1);
        String name = prefix + "\uD835\uDC00\uD835\uDC00";

        assertThat(CaptureFileNames.sanitize(name)).isEqualTo(prefix);
        assertThat(CaptureFileNames.sanitize("ab\uD835\uDC00")).isEqualTo("ab\uD835\uDC00");
    }
}
