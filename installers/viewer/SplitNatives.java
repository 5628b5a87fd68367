import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prepares the viewer's shaded jar for a native installer: moves every native library out of the
 * jar into the installer's app folder, so that they ship unpacked inside the image and nothing is
 * extracted to the user's home at first run (JavaCPP's ~/.javacpp/cache, JavaFX's ~/.openjfx/cache,
 * Netty's temp files). The launcher then finds them through java.library.path (JavaCPP with
 * org.bytedeco.javacpp.pathsFirst, Netty and JavaFX by System.loadLibrary, JavaFX on Linux and
 * macOS also beside the jar). Same program on Linux, Windows and macOS (run with the JDK jpackage
 * comes from): {@code java SplitNatives.java IN.jar OUT_DIR so|dll|dylib}. Writes OUT_DIR/NAME.jar
 * without the natives and the target platform's libraries flat in OUT_DIR; another platform's
 * (a Linux-only Netty transport in a Windows build, say) are left out. Prints the jar's
 * P2pcam-Main class on the last line.
 */
public final class SplitNatives {
    // org/bytedeco/<preset>/<platform>/lib... (JavaCPP), META-INF/native/lib... (Netty), lib... at the
    // root (JavaFX's platform jars), with versioned .so names (libavcodec.so.61).
    private static final Pattern LIBRARY = Pattern.compile(
            "(org/bytedeco/[^/]+/[^/]+/|META-INF/native/)?[^/]+\\.(so(\\.\\d+)*|dll|dylib|jnilib)");
    // Not needed by the viewer: FFmpeg's command-line programs and GraalVM native-image metadata.
    private static final Pattern DROPPED = Pattern.compile(
            "org/bytedeco/ffmpeg/[^/]+/(ffmpeg|ffprobe)(\\.exe)?|META-INF/native-image/.*");

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !args[2].matches("so|dll|dylib")) {
            System.err.println("usage: java SplitNatives.java IN.jar OUT_DIR so|dll|dylib");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        Pattern ours = Pattern.compile(".*\\." + args[2] + "(\\.\\d+)*" + (args[2].equals("dylib") ? "|.*\\.jnilib" : ""));
        int libraries = 0;
        int foreign = 0;
        long libraryBytes = 0;
        try (JarFile jar = new JarFile(in.toFile())) {
            Manifest manifest = jar.getManifest();
            try (JarOutputStream slim = new JarOutputStream(Files.newOutputStream(out.resolve(in.getFileName())),
                    manifest)) {
                for (JarEntry entry : jar.stream().toList()) {
                    String name = entry.getName();
                    if (name.equals(JarFile.MANIFEST_NAME) || DROPPED.matcher(name).matches()) {
                        continue;
                    }
                    if (!entry.isDirectory() && LIBRARY.matcher(name).matches()) {
                        if (!ours.matcher(name).matches()) {
                            foreign++;
                            continue;
                        }
                        Path library = out.resolve(name.substring(name.lastIndexOf('/') + 1));
                        if (Files.exists(library)) {
                            throw new IOException("two native libraries named " + library.getFileName());
                        }
                        try (InputStream data = jar.getInputStream(entry)) {
                            libraryBytes += Files.copy(data, library);
                        }
                        libraries++;
                        continue;
                    }
                    slim.putNextEntry(new JarEntry(name));
                    try (InputStream data = jar.getInputStream(entry)) {
                        data.transferTo(slim);
                    }
                    slim.closeEntry();
                }
            }
            linkUnversionedNames(out);
            System.out.printf("%d native libraries (%.1f MB) moved out of %s, %d of other platforms dropped%n",
                    libraries, libraryBytes / 1e6, in.getFileName(), foreign);
            System.out.println(manifest.getMainAttributes().getValue(new Attributes.Name("P2pcam-Main")));
        }
    }

    /**
     * libavutil.so -> libavutil.so.59 (Linux), libavutil.dylib -> libavutil.59.dylib (macOS): JavaCPP
     * makes these links beside a library it loads when they are missing, which would be a write
     * into the read-only install folder at every start (and files that no package owns).
     */
    private static void linkUnversionedNames(Path dir) throws IOException {
        Pattern versioned = Pattern.compile("(lib.+)\\.so\\.\\d+(\\.\\d+)*|(lib[^.]+)(\\.\\d+)+\\.dylib");
        try (var files = Files.list(dir)) {
            for (Path library : files.toList()) {
                Matcher name = versioned.matcher(library.getFileName().toString());
                if (name.matches()) {
                    Path link = dir.resolve(name.group(1) != null ? name.group(1) + ".so" : name.group(3) + ".dylib");
                    if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, library.getFileName());
                    }
                }
            }
        }
    }
}
