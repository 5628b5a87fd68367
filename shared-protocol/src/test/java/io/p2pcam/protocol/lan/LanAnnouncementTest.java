package io.p2pcam.protocol.lan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LanAnnouncementTest {
    private final CameraId id = CameraIdentity.generate(new SecureRandom()).id();

    @Test
    void anAnnouncementSurvivesItsTxtRecord() {
        LanAnnouncement announced = new LanAnnouncement(id, "Front door", 40_123);

        Map<String, String> txt = announced.txt();

        assertThat(txt)
                .containsExactly(
                        Map.entry("v", "1"),
                        Map.entry("id", id.toString()),
                        Map.entry("name", "Front door"),
                        Map.entry("port", "40123"));
        assertThat(LanAnnouncement.fromTxt(txt::get)).isEqualTo(announced);
    }

    @Test
    void anIdWithoutDashesOrInLowerCaseIsReadAsTheSameCamera() {
        Map<String, String> txt = new HashMap<>(new LanAnnouncement(id, "x", 1).txt());
        txt.put("id", id.toString().replace("-", "").toLowerCase(Locale.ROOT));

        assertThat(LanAnnouncement.fromTxt(txt::get).id()).isEqualTo(id);
    }

    @Test
    void txtRecordsThatAreNotAnnouncementsOfThisVersionAreDroppedNotThrown() {
        Map<String, String> good = new LanAnnouncement(id, "x", 1).txt();

        assertThat(LanAnnouncement.fromTxt(with(good, "v", "2")::get)).isNull();
        assertThat(LanAnnouncement.fromTxt(with(good, "id", "NOT-AN-ID")::get)).isNull();
        assertThat(LanAnnouncement.fromTxt(with(good, "id", null)::get)).isNull();
        assertThat(LanAnnouncement.fromTxt(with(good, "port", "0")::get)).isNull();
        assertThat(LanAnnouncement.fromTxt(with(good, "port", "65536")::get)).isNull();
        assertThat(LanAnnouncement.fromTxt(with(good, "port", "99999999999999")::get))
                .isNull();
        assertThat(LanAnnouncement.fromTxt(with(good, "port", "-1")::get)).isNull();
        assertThat(LanAnnouncement.fromTxt(Map.<String, String>of()::get)).isNull();
    }

    @Test
    void aNameLosesControlCharactersAndIsCutToADnsLabel() {
        LanAnnouncement announced = new LanAnnouncement(id, "  Gar\u0000age\n" + "x".repeat(100), 5);

        assertThat(announced.name()).startsWith("Garage").hasSize(LanAnnouncement.MAX_NAME_BYTES);
        assertThat(new LanAnnouncement(id, null, 5).instanceName()).isEqualTo(id.toString());
    }

    /**
     * A LAN neighbour names its announcement: invisible characters that reorder or hide text (a
     * right-to-left override shows "Front door\u202Egnp.exe" as "Front doorexe.png") would let it
     * look like another camera in the viewer's list. Joiners stay: scripts and emoji need them.
     */
    @Test
    void aNameLosesInvisibleCharactersThatReorderOrHideTextButKeepsJoiners() {
        assertThat(new LanAnnouncement(id, "Front door\u202Egnp.exe", 5).name()).isEqualTo("Front doorgnp.exe");
        assertThat(new LanAnnouncement(id, "\u2067Ga\u200Brage\u2069\uFEFF", 5).name())
                .isEqualTo("Garage");
        assertThat(new LanAnnouncement(id, "\ud83d\udc69\u200D\ud83d\udcbb desk", 5).name())
                .isEqualTo("\ud83d\udc69\u200D\ud83d\udcbb desk");
    }

    /** Found by DecoderFuzzTest.lanAnnouncement: cleaning twice changed the name again. */
    @Test
    void aNameIsCleanedOnceForAllSoItsTxtRecordReadsBackTheSame() {
        LanAnnouncement controlThenSpace = new LanAnnouncement(id, "\u0007 Front door", 5);
        LanAnnouncement cutBeforeASpace = new LanAnnouncement(id, "x".repeat(62) + " door", 5);

        assertThat(controlThenSpace.name()).isEqualTo("Front door");
        assertThat(cutBeforeASpace.name()).isEqualTo("x".repeat(62));
        for (LanAnnouncement announced : new LanAnnouncement[] {controlThenSpace, cutBeforeASpace}) {
            assertThat(LanAnnouncement.fromTxt(announced.txt()::get)).isEqualTo(announced);
        }
    }

    @Test
    void aLongNameIsCutToWholeCharactersWithin63BytesOfUtf8() {
        String accents = new LanAnnouncement(id, "\u00e9".repeat(40), 5).name(); // 2 bytes each
        String emoji = new LanAnnouncement(id, "a" + "\ud83d\ude00".repeat(20), 5).name(); // 4 bytes each

        assertThat(accents).isEqualTo("\u00e9".repeat(31));
        assertThat(accents.getBytes(StandardCharsets.UTF_8)).hasSize(62);
        assertThat(emoji).isEqualTo("a" + "\ud83d\ude00".repeat(15)); // 61 bytes, no half of a pair
        assertThat(emoji.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(LanAnnouncement.MAX_NAME_BYTES);
    }

    @Test
    void aPortOutsideUdpsRangeIsOurBug() {
        assertThatThrownBy(() -> new LanAnnouncement(id, "x", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, String> with(Map<String, String> txt, String key, String value) {
        Map<String, String> changed = new HashMap<>(txt);
        changed.put(key, value);
        return changed;
    }
}
