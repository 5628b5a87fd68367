package io.p2pcam.viewer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.viewer.engine.decode.HwAccel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {
    @TempDir
    Path home;

    private final SecureRandom random = new SecureRandom();

    @Test
    void aFirstRunHasNoCamerasAndTheDefaultCloud() {
        ViewerConfig config = new ConfigStore(home.resolve("p2pcam")).load();
        assertThat(config.cameras()).isEmpty();
        assertThat(config.cloud()).isEqualTo(CloudChoice.defaults());
    }

    @Test
    void camerasCloudAndLayoutSurviveASaveAndLoadInOrder() throws Exception {
        ConfigStore store = new ConfigStore(home.resolve("p2pcam"));
        List<CameraEntry> cameras = List.of(
                new CameraEntry(CameraIdentity.generate(random).id(), "Garage", Password.of("pw1")),
                new CameraEntry(CameraIdentity.generate(random).id(), "Front door", Password.of("pässwörd")));
        ViewerConfig saved = new ViewerConfig(
                cameras, new CloudChoice(List.of("cloud.example.org:32100", "10.0.0.2"), true, 32200), 9);
        store.save(saved);
        assertThat(new ConfigStore(home.resolve("p2pcam")).load()).isEqualTo(saved);
    }

    @Test
    void theHardwareDecodingChoiceSurvivesASaveAndLoadAndOlderOrUnreadableOnesMeanAuto() throws Exception {
        Path directory = home.resolve("p2pcam");
        ViewerConfig saved = ViewerConfig.empty().withHwaccel(HwAccel.parse("vaapi"));
        new ConfigStore(directory).save(saved);
        assertThat(Files.readString(directory.resolve("viewer.json"))).contains("\"hwaccel\" : \"vaapi\"");
        assertThat(new ConfigStore(directory).load()).isEqualTo(saved);

        Files.writeString(directory.resolve("viewer.json"), "{\"version\":1,\"cameras\":[],\"gridSize\":4}");
        assertThat(new ConfigStore(directory).load().hwaccel()).isEqualTo(HwAccel.AUTO);

        Files.writeString(
                directory.resolve("viewer.json"), "{\"version\":1,\"cameras\":[],\"gridSize\":4,\"hwaccel\":\"GPU!\"}");
        assertThat(new ConfigStore(directory).load().hwaccel()).isEqualTo(HwAccel.AUTO);
    }

    @Test
    void eachCamerasMuteAndVolumeSurviveASaveAndLoadAndOlderFilesPlayEveryCameraAtFullVolume() throws Exception {
        Path directory = home.resolve("p2pcam");
        CameraId garage = CameraIdentity.generate(random).id();
        CameraId door = CameraIdentity.generate(random).id();
        ViewerConfig saved = ViewerConfig.empty()
                .withCameras(List.of(
                        new CameraEntry(garage, "Garage", Password.NONE), new CameraEntry(door, "Door", Password.NONE)))
                .withSound(garage, new TileSound(true, 0.25));
        new ConfigStore(directory).save(saved);

        ViewerConfig loaded = new ConfigStore(directory).load();
        assertThat(loaded.sound(garage)).isEqualTo(new TileSound(true, 0.25));
        assertThat(loaded.sound(door)).isEqualTo(TileSound.DEFAULT);
        assertThat(loaded).isEqualTo(saved);

        Files.writeString(
                directory.resolve("viewer.json"),
                "{\"version\":1,\"cameras\":[{\"id\":\"" + garage + "\",\"name\":\"Garage\"}],\"gridSize\":4}");
        assertThat(new ConfigStore(directory).load().sound(garage)).isEqualTo(TileSound.DEFAULT);
    }

    @Test
    void viewerJsonKeepsAPasswordAsPlainTextAndReadsBackFilesWrittenBeforeThePasswordType() throws Exception {
        Path directory = Files.createDirectories(home.resolve("p2pcam"));
        CameraId id = CameraIdentity.generate(random).id();
        new ConfigStore(directory)
                .save(ViewerConfig.empty().withCameras(List.of(new CameraEntry(id, "Hall", Password.of("pässwörd")))));
        assertThat(Files.readString(directory.resolve("viewer.json")))
                .contains("\"password\" : \"pässwörd\"")
                .doesNotContain("redacted");

        Files.writeString(
                directory.resolve("viewer.json"),
                "{\"version\":1,\"cameras\":[{\"id\":\"" + id + "\",\"name\":\"Hall\",\"password\":\"s3cret\"},"
                        + "{\"id\":\"" + CameraIdentity.generate(random).id() + "\",\"name\":\"Shed\"}]}");
        List<CameraEntry> cameras = new ConfigStore(directory).load().cameras();
        assertThat(cameras.get(0).password()).isEqualTo(Password.of("s3cret"));
        assertThat(cameras.get(1).password()).isSameAs(Password.NONE);
    }

    @Test
    void theDirectoryAndFileAreOwnerOnlyBecauseTheyHoldPasswords() throws Exception {
        Path directory = home.resolve("p2pcam");
        new ConfigStore(directory).save(ViewerConfig.empty());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("viewer.json"))))
                .isEqualTo("rw-------");
        assertThat(Files.list(directory)).as("no temporary files left behind").hasSize(1);
    }

    @Test
    void aBrokenFileIsSetAsideNotOverwrittenAndTheViewerStartsEmpty() throws Exception {
        Path directory = Files.createDirectories(home.resolve("p2pcam"));
        Files.writeString(directory.resolve("viewer.json"), "{ not json");
        assertThat(new ConfigStore(directory).load().cameras()).isEmpty();
        assertThat(Files.readString(directory.resolve("viewer.json.broken"))).isEqualTo("{ not json");
    }

    @Test
    void everyBrokenFileIsKeptUpToTheNewestFiveTheNewestUnderTheFirstName() throws Exception {
        Path directory = Files.createDirectories(home.resolve("p2pcam"));
        for (int start = 1; start <= 7; start++) {
            Files.writeString(directory.resolve("viewer.json"), "{ broken at start " + start);
            assertThat(new ConfigStore(directory).load().cameras()).isEmpty();
        }
        assertThat(Files.readString(directory.resolve("viewer.json.broken"))).isEqualTo("{ broken at start 7");
        assertThat(Files.readString(directory.resolve("viewer.json.broken.1"))).isEqualTo("{ broken at start 6");
        assertThat(Files.readString(directory.resolve("viewer.json.broken.4"))).isEqualTo("{ broken at start 3");
        try (var names = Files.list(directory)) {
            assertThat(names.map(path -> path.getFileName().toString()))
                    .as("a viewer that breaks its file at every start cannot fill the disk")
                    .containsExactlyInAnyOrder(
                            "viewer.json.broken",
                            "viewer.json.broken.1",
                            "viewer.json.broken.2",
                            "viewer.json.broken.3",
                            "viewer.json.broken.4");
        }
    }

    @Test
    void aFileThatCannotBeReadIsNeverOverwrittenByTheEmptyListTheViewerStartedWith() throws Exception {
        Path directory = Files.createDirectories(home.resolve("p2pcam"));
        ConfigStore writer = new ConfigStore(directory);
        writer.save(writer.load()
                .withCameras(List.of(new CameraEntry(
                        CameraId.of(CameraIdentity.generate(new SecureRandom()).publicKey()),
                        "Front door",
                        Password.of("pw")))));
        String onDisk = Files.readString(directory.resolve("viewer.json"));
        ConfigStore failing = new ConfigStore(directory, file -> {
            throw new IOException("Input/output error");
        });

        ViewerConfig started = failing.load();
        assertThat(started.cameras()).isEmpty();
        assertThatThrownBy(() -> failing.save(started))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("could not be read (Input/output error)");
        assertThat(Files.readString(directory.resolve("viewer.json"))).isEqualTo(onDisk);
    }

    @Test
    void aSettingsFolderUnderAFileIsToldAsSuchWithWhatToDoInOneLine() throws Exception {
        // Said "Cannot read .../viewer.json (...): your cameras there are left as they are", of a
        // folder that cannot exist and so holds no cameras.
        Path file = Files.writeString(home.resolve("a-file"), "x");
        Path directory = file.resolve("p2pcam");
        ConfigStore store = new ConfigStore(directory);

        ViewerConfig started = store.load();

        assertThat(started.cameras()).isEmpty();
        assertThat(store.loadProblem())
                .isEqualTo("Cannot keep settings in " + directory + ": a file is in the way at " + file
                        + "; the viewer starts with no cameras and saves nothing until you move that file or"
                        + " choose another folder (--config-dir or P2PCAM_CONFIG_DIR) and restart it");
        assertThatThrownBy(() -> store.save(started))
                .isInstanceOf(IOException.class)
                .hasMessage("the settings folder " + directory + " cannot be made: a file is in the way at " + file);
    }

    @Test
    void anEntryWithABadIdIsSkippedAndTheRestKept() throws Exception {
        Path directory = Files.createDirectories(home.resolve("p2pcam"));
        String good = CameraIdentity.generate(random).id().toString();
        Files.writeString(directory.resolve("viewer.json"), """
                {"version":1,"cameras":[{"id":"NOT-AN-ID","name":"Bad","password":"x"},
                 {"id":"%s","name":"Good","password":"y"}],"gridSize":4,"futureField":true}
                """.formatted(good), StandardCharsets.UTF_8);
        ViewerConfig config = new ConfigStore(directory).load();
        assertThat(config.cameras()).extracting(CameraEntry::name).containsExactly("Good");
    }
}
