package io.p2pcam.camera.media;

import io.p2pcam.media.codec.AvErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Lists the video capture devices of this computer, where the platform allows it. */
public final class Devices {
    private Devices() {}

    /**
     * The capture devices, in device order; empty if there are none.
     *
     * @throws SourceException if listing is not supported on this platform yet (the message says
     *     how to name a device instead)
     */
    public static List<CaptureDevice> list() throws SourceException {
        return switch (Platform.current()) {
            case LINUX -> listVideo4Linux(Path.of("/dev"), Path.of("/sys/class/video4linux"));
            case WINDOWS ->
                throw new SourceException("listing cameras is not supported on Windows yet; "
                        + "'ffmpeg -list_devices true -f dshow -i dummy' shows them, then use --source webcam:NAME");
            case MACOS ->
                throw new SourceException(
                        "listing cameras is not supported on macOS yet; "
                                + "'ffmpeg -f avfoundation -list_devices true -i \"\"' shows them, then use --source webcam:INDEX");
            case OTHER ->
                throw new SourceException("listing cameras is not supported on " + System.getProperty("os.name")
                        + "; use --source synthetic or --source file:PATH");
        };
    }

    /** Linux: the {@code video*} nodes under {@code dev}, named from {@code sysfs}. */
    static List<CaptureDevice> listVideo4Linux(Path dev, Path sysfs) throws SourceException {
        List<CaptureDevice> devices = new ArrayList<>();
        try (Stream<Path> nodes = Files.list(dev)) {
            List<Path> videoNodes = nodes.filter(
                            node -> node.getFileName().toString().matches("video\\d+"))
                    .sorted(Comparator.comparingInt(node ->
                            Integer.parseInt(node.getFileName().toString().substring(5))))
                    .toList();
            for (Path node : videoNodes) {
                devices.add(new CaptureDevice(
                        node.toString(),
                        nameOf(sysfs.resolve(node.getFileName()).resolve("name"))));
            }
        } catch (IOException e) {
            throw new SourceException("cannot list " + dev + ": " + AvErrors.inWords(e), e);
        }
        return devices;
    }

    private static String nameOf(Path nameFile) {
        try {
            return Files.readString(nameFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(unnamed)";
        }
    }
}
