package io.p2pcam.viewer.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdFormatException;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.runtime.AtomicWrite;
import io.p2pcam.runtime.UserFiles;
import io.p2pcam.viewer.engine.decode.HwAccel;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@code viewer.json} in the config directory.
 *
 * <p>Passwords are kept in this file, which is owner-only: the directory is created {@code 0700}
 * and the file {@code 0600} on POSIX systems (on Windows, %APPDATA% is already the user's own).
 * Writes go to a temporary file, forced to disk, that replaces the old one atomically
 * ({@link AtomicWrite}), so a crash or a power cut never leaves half a list. A file that cannot be read is set aside as {@code viewer.json.broken} rather than
 * overwritten (the copies of earlier breakages move to {@code viewer.json.broken.1} and on, the
 * newest {@value BrokenFileShelf#KEPT} kept: {@link BrokenFileShelf}), and a camera entry with a bad ID is skipped with a warning, not the whole list.
 * A file that exists but cannot be read at all (an I/O or permission error), or a broken one that
 * cannot be set aside, makes the viewer start empty and every later {@link #save} fail: an
 * empty list must never be written over cameras that are still on disk. Each of these is told in
 * one line ({@link #loadProblem}) that the viewer shows the user at start, not only in the log.
 */
public final class ConfigStore {
    static final String FILE_NAME = "viewer.json";
    private static final Logger log = LoggerFactory.getLogger(ConfigStore.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule("passwords")
                    .addSerializer(Password.class, new PasswordWriter())
                    .addDeserializer(Password.class, new PasswordReader()));

    /** Reads a file's bytes (Files::readAllBytes; tests give failing readers). */
    interface Reader {
        byte[] read(Path file) throws IOException;
    }

    private final Path directory;
    private final Path file;
    private final Reader reader;
    /** Why saving would destroy what could not be read, or null when saving is safe. */
    private volatile String unsafeToSave;
    /** What the last load could not use, for the user; empty when it could. */
    private volatile String loadProblem = "";

    public ConfigStore(Path directory) {
        this(directory, Files::readAllBytes);
    }

    ConfigStore(Path directory, Reader reader) {
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
        this.reader = reader;
    }

    public Path file() {
        return file;
    }

    /** The saved configuration, or the defaults on first run. */
    public ViewerConfig load() {
        byte[] bytes;
        try {
            bytes = reader.read(file);
        } catch (NoSuchFileException e) {
            return ViewerConfig.empty();
        } catch (IOException e) {
            Path inTheWay = fileInTheWay(directory);
            if (inTheWay != null) {
                // No folder, so no file with cameras in it: nothing is at risk, nothing can be saved.
                unsafeToSave =
                        "the settings folder " + directory + " cannot be made: a file is in the way at " + inTheWay;
                loadProblem = "Cannot keep settings in " + directory + ": a file is in the way at " + inTheWay
                        + "; the viewer starts with no cameras and saves nothing until you move that file"
                        + " or choose another folder (--config-dir or P2PCAM_CONFIG_DIR) and restart it";
                log.warn("{}", loadProblem);
                return ViewerConfig.empty();
            }
            String why = UserFiles.describe(e);
            unsafeToSave = "it could not be read (" + why + ") and is left as it is";
            loadProblem = "Cannot read " + file + " (" + why + "): your cameras there are left as they are, and"
                    + " changes are not saved until you fix or move it and restart the viewer";
            log.warn("{}", loadProblem);
            return ViewerConfig.empty();
        }
        try {
            return fromFile(JSON.readValue(bytes, FileForm.class));
        } catch (IOException | RuntimeException e) {
            String why = firstLine(e);
            try {
                Path aside = BrokenFileShelf.setAside(file);
                loadProblem = file + " was damaged (" + why + "): it is kept as " + aside.getFileName()
                        + " and the viewer starts with no cameras; add them again, or repair that file and"
                        + " put it back";
                log.warn("{} (the newest {} broken copies are kept)", loadProblem, BrokenFileShelf.KEPT);
            } catch (IOException moveFailed) {
                unsafeToSave = "it is damaged, could not be set aside (" + UserFiles.describe(moveFailed)
                        + ") and is left as it is";
                loadProblem = file + " is damaged (" + why + ") and could not be set aside ("
                        + UserFiles.describe(moveFailed) + "): it is left as it is, and changes are not saved"
                        + " until you repair or move it and restart the viewer";
                log.warn("{}", loadProblem);
            }
            return ViewerConfig.empty();
        }
    }

    /**
     * What the last {@link #load} could not use, in one line for the user (naming the file and
     * what to do), or empty when it read the file or there was none.
     */
    public String loadProblem() {
        return loadProblem;
    }

    /** The file where a folder on the way to {@code directory} should be, or null if there is none. */
    private static Path fileInTheWay(Path directory) {
        for (Path path = directory.toAbsolutePath(); path != null; path = path.getParent()) {
            if (Files.exists(path)) {
                return Files.isDirectory(path) ? null : path;
            }
        }
        return null;
    }

    /** A parser's reason on one line: Jackson's messages go on with the input's location on more. */
    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }

    /**
     * Saves atomically, owner-only.
     *
     * @throws IOException also when {@link #load} could not read the file that is there: it is not
     *     overwritten with what the viewer started with instead
     */
    public void save(ViewerConfig config) throws IOException {
        String unsafe = unsafeToSave;
        if (unsafe != null) {
            throw new IOException(unsafe);
        }
        createPrivateDirectory();
        AtomicWrite.replace(file, toBytes(config));
    }

    private void createPrivateDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            UserFiles.createOwnerOnlyDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(directory + " exists and is not a directory", e);
        }
    }

    private static byte[] toBytes(ViewerConfig config) throws JsonProcessingException {
        List<CameraForm> cameras = config.cameras().stream()
                .map(c -> new CameraForm(
                        c.id().toString(),
                        c.name(),
                        c.password(),
                        config.sound(c.id()).muted(),
                        config.sound(c.id()).volume()))
                .toList();
        CloudChoice cloud = config.cloud();
        return JSON.writeValueAsBytes(new FileForm(
                1,
                cameras,
                new CloudForm(cloud.servers(), cloud.hostOnThisPc(), cloud.hostedPort()),
                config.gridSize(),
                config.hwaccel().name()));
    }

    private ViewerConfig fromFile(FileForm form) {
        List<CameraEntry> cameras = new ArrayList<>();
        Map<CameraId, TileSound> sound = new HashMap<>();
        for (CameraForm camera : form.cameras() == null ? List.<CameraForm>of() : form.cameras()) {
            try {
                CameraEntry entry = new CameraEntry(CameraId.parse(camera.id()), camera.name(), camera.password());
                if (cameras.stream().noneMatch(c -> c.id().equals(entry.id()))) {
                    cameras.add(entry);
                    TileSound setting = new TileSound(
                            Boolean.TRUE.equals(camera.muted()), camera.volume() == null ? 1.0 : camera.volume());
                    if (!setting.equals(TileSound.DEFAULT)) {
                        sound.put(entry.id(), setting);
                    }
                }
            } catch (CameraIdFormatException e) {
                log.warn(
                        "{}: skipping camera '{}' with bad ID {}: {}",
                        file,
                        camera.name(),
                        camera.id(),
                        e.getMessage());
            }
        }
        CloudForm cloud = form.cloud();
        CloudChoice choice = cloud == null
                ? CloudChoice.defaults()
                : new CloudChoice(
                        cloud.servers(),
                        cloud.hostOnThisPc(),
                        cloud.hostedPort() == 0 ? CloudChoice.DEFAULT_PORT : cloud.hostedPort());
        return new ViewerConfig(cameras, choice, form.gridSize(), sound, hwaccel(form.hwaccel()));
    }

    /** The saved hardware decoding choice; auto for files from before it, or one that cannot be read. */
    private HwAccel hwaccel(String saved) {
        if (saved == null) {
            return HwAccel.AUTO;
        }
        try {
            return HwAccel.parse(saved);
        } catch (IllegalArgumentException e) {
            log.warn("{}: hardware decoding '{}' is not a choice; using auto", file, saved);
            return HwAccel.AUTO;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FileForm(int version, List<CameraForm> cameras, CloudForm cloud, int gridSize, String hwaccel) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CameraForm(String id, String name, Password password, Boolean muted, Double volume) {
        /** Never the password (Jackson reads the accessors, not this). */
        @Override
        public String toString() {
            return "CameraForm[id=" + id + ", name=" + name + ", password=" + password + ", muted=" + muted
                    + ", volume=" + volume + "]";
        }
    }

    /** viewer.json (owner-only) keeps a password as its text, as it always has: the one place it is revealed. */
    private static final class PasswordWriter extends StdSerializer<Password> {
        private static final long serialVersionUID = 1L;

        PasswordWriter() {
            super(Password.class);
        }

        @Override
        public void serialize(Password password, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(password.reveal());
        }
    }

    private static final class PasswordReader extends StdDeserializer<Password> {
        private static final long serialVersionUID = 1L;

        PasswordReader() {
            super(Password.class);
        }

        @Override
        public Password deserialize(JsonParser in, DeserializationContext context) throws IOException {
            return Password.of(in.getValueAsString());
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CloudForm(List<String> servers, boolean hostOnThisPc, int hostedPort) {}
}
