package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp4FragmentCutTest {

    @TempDir
    Path folder;

    /** ftyp 16, moov 24, then two fragments of moof 32 + mdat 40: 184 bytes. */
    private static byte[] fragmented() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        box(out, "ftyp", 16);
        box(out, "moov", 24);
        for (int i = 0; i < 2; i++) {
            box(out, "moof", 32);
            box(out, "mdat", 40);
        }
        return out.toByteArray();
    }

    private static void box(ByteArrayOutputStream out, String type, int size) {
        ByteBuffer box = ByteBuffer.allocate(size).putInt(size).put(type.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(box.array());
    }

    private long cutAfter(int bytes) throws Exception {
        Path file = folder.resolve("cut-" + bytes + ".mp4");
        byte[] whole = fragmented();
        Files.write(file, Arrays.copyOf(whole, bytes));
        long kept = Mp4FragmentCut.cut(file);
        assertThat(Files.size(file)).isEqualTo(kept);
        return kept;
    }

    @Test
    void aCompleteFileIsKeptWhole() throws Exception {
        assertThat(cutAfter(184)).isEqualTo(184);
    }

    @Test
    void aHalfWrittenMdatGoesWithItsMoof() throws Exception {
        assertThat(cutAfter(184 - 1)).isEqualTo(112);
        assertThat(cutAfter(112 + 32 + 8)).isEqualTo(112);
    }

    @Test
    void aMoofWithoutItsMdatOrAHalfHeaderIsCutOff() throws Exception {
        assertThat(cutAfter(112 + 32)).isEqualTo(112);
        assertThat(cutAfter(112 + 5)).isEqualTo(112);
        assertThat(cutAfter(40 + 20)).isEqualTo(40);
    }

    @Test
    void aFileCutInsideItsHeaderKeepsNothingThatPlays() throws Exception {
        assertThat(cutAfter(30)).isEqualTo(16);
        assertThat(cutAfter(3)).isZero();
    }

    @Test
    void theIncompleteNameKeepsTheExtensionAndTheFolder() {
        assertThat(PartialRecording.incompleteFileOf(Path.of("/v/Hof-20261205-120000.mp4")))
                .isEqualTo(Path.of("/v/Hof-20261205-120000 (incomplete).mp4"));
        assertThat(PartialRecording.incompleteFileOf(Path.of("/v/clip"))).isEqualTo(Path.of("/v/clip (incomplete)"));
    }
}
