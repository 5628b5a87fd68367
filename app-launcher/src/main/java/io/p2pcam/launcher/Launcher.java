package io.p2pcam.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Entry point of every p2pcam jar. It is compiled for Java 11 so that it loads on whatever
 * {@code java} is first on the PATH. On Java 25 or newer it calls the application's main class
 * (manifest attribute {@code P2pcam-Main}) in-process. On an older runtime it looks for a Java 25
 * runtime ({@code P2PCAM_JAVA}, {@code JAVA_HOME}, then the platform's usual JDK folders) and runs
 * the same jar with it, forwarding arguments, standard streams, exit code and termination; if there
 * is none it prints one line saying so and exits with 1.
 */
public final class Launcher {
    static final int REQUIRED_FEATURE = 25;
    private static final String MAIN_ATTRIBUTE = "P2pcam-Main";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        String mainClass = readMainClass();
        if (Runtime.version().feature() >= REQUIRED_FEATURE) {
            runInProcess(mainClass, args);
            return;
        }
        Optional<Path> java = findJava();
        if (java.isEmpty()) {
            System.err.println("p2pcam needs Java " + REQUIRED_FEATURE + " or newer (this is Java "
                    + Runtime.version().feature() + "); install a JDK " + REQUIRED_FEATURE
                    + " (e.g. Temurin) or set P2PCAM_JAVA to its bin/java.");
            System.exit(1);
        }
        System.exit(relaunch(java.get(), args));
    }

    private static void runInProcess(String mainClass, String[] args) throws Exception {
        Method main = Class.forName(mainClass).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw (Error) cause;
        }
    }

    private static int relaunch(Path java, String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(ownJar().toString());
        command.add(Launcher.class.getName());
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).inheritIO().start();
        // SIGTERM/Ctrl-C on us must reach the child, so that it shuts down cleanly too.
        Thread forwardTermination = new Thread(() -> {
            child.destroy();
            try {
                child.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(forwardTermination);
        int exit = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(forwardTermination);
        } catch (IllegalStateException shutdownInProgress) {
            // We were terminated and the hook forwarded it: the child has exited, nothing to undo.
        }
        return exit;
    }

    static Optional<Path> findJava() {
        List<Path> homes = new ArrayList<>();
        addHome(homes, System.getenv("P2PCAM_JAVA"), true);
        addHome(homes, System.getenv("JAVA_HOME"), false);
        for (String root : new String[] {
            "/usr/lib/jvm",
            "/usr/java",
            "/opt/java",
            "/Library/Java/JavaVirtualMachines",
            System.getenv("ProgramFiles") + "\\Java",
            System.getenv("ProgramFiles") + "\\Eclipse Adoptium"
        }) {
            homes.addAll(childrenNewestFirst(root));
        }
        return homes.stream()
                .map(Launcher::javaBinary)
                .filter(Files::isExecutable)
                .filter(bin -> featureOf(bin) >= REQUIRED_FEATURE)
                .findFirst();
    }

    private static void addHome(List<Path> homes, String value, boolean isBinary) {
        if (value == null || value.isBlank()) {
            return;
        }
        Path path = Paths.get(value);
        homes.add(isBinary && Files.isRegularFile(path) ? path.getParent().getParent() : path);
    }

    private static List<Path> childrenNewestFirst(String root) {
        Path dir = Paths.get(root);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> result = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            children.sorted(Comparator.comparing(Path::toString).reversed()).forEach(child -> {
                result.add(child);
                result.add(child.resolve("Contents").resolve("Home")); // macOS bundle layout
            });
        } catch (IOException e) {
            return List.of();
        }
        return result;
    }

    private static Path javaBinary(Path home) {
        boolean windows = File.separatorChar == '\\';
        return home.resolve("bin").resolve(windows ? "java.exe" : "java");
    }

    /** The feature release of a JDK, read from its {@code release} file (no process started). */
    static int featureOf(Path javaBinary) {
        Path release = javaBinary.getParent().getParent().resolve("release");
        try {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String feature = version.split("[.+-]")[0];
                    return Integer.parseInt(
                            feature.startsWith("1") && version.startsWith("1.") ? version.split("\\.")[1] : feature);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static String readMainClass() throws IOException {
        Enumeration<URL> manifests = Launcher.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
        Path own = ownJar();
        while (manifests.hasMoreElements()) {
            URL url = manifests.nextElement();
            if (!url.toString().contains(own.getFileName().toString())) {
                continue;
            }
            try (InputStream in = url.openStream()) {
                String main = new Manifest(in).getMainAttributes().getValue(MAIN_ATTRIBUTE);
                if (main != null) {
                    return main;
                }
            }
        }
        throw new IllegalStateException("jar " + own + " has no " + MAIN_ATTRIBUTE + " manifest attribute");
    }

    private static Path ownJar() {
        try {
            return Paths.get(Launcher.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
