package io.p2pcam.installers;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Where the archives this module built are, and how the tests unpack them as an admin would. */
final class Distributions {
    private Distributions() {}

    static Path target() {
        return Path.of(System.getProperty("p2pcam.installers.target", "target"));
    }

    static String version() {
        return System.getProperty("p2pcam.version");
    }

    static Path cloudArchive() {
        return target().resolve("p2pcam-cloud-" + version() + ".tar.gz");
    }

    static Path cameraEmulatorArchive() {
        return target().resolve("p2pcam-camera-emulator-" + version() + ".tar.gz");
    }

    /**
     * Unpacks a tar.gz with the system's {@code tar}, as the guides say, into {@code into} and returns
     * its one top-level folder. The folders on the way are opened to every user, so that the tests
     * can run the unpacked programs as an unprivileged user, as the systemd unit and container do.
     */
    static Path unpack(Path archive, Path into) throws IOException, InterruptedException {
        ProcessResult untar = ProcessResult.run(
                List.of("tar", "xzf", archive.toString(), "-C", into.toString()),
                Map.of(),
                into,
                Duration.ofMinutes(1));
        if (untar.exit() != 0) {
            throw new IOException("tar failed: " + untar.stderr());
        }
        try (Stream<Path> children = Files.list(into)) {
            List<Path> top = children.toList();
            if (top.size() != 1 || !Files.isDirectory(top.getFirst())) {
                throw new IOException("expected one top-level folder in " + archive + ", found " + top);
            }
            // The unprivileged user the tests run it as must reach it: let others read and enter
            // each folder on the way that does not already allow it (never taking bits away).
            for (Path dir = into; dir != null; dir = dir.getParent()) {
                if (dir.equals(Path.of("/tmp")) || dir.equals(Path.of("/var/tmp")) || dir.getParent() == null) {
                    break;
                }
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
                if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    permissions.addAll(PosixFilePermissions.fromString("r-xr-xr-x"));
                    Files.setPosixFilePermissions(dir, permissions);
                }
            }
            return top.getFirst();
        }
    }

    /** A TCP port free right now (for the HTTP side). */
    static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A UDP port free right now. */
    static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
