package io.p2pcam.viewer.app;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What the UI toolkit is told before it starts, on Linux, so that it does not spend the window's
 * first second on work whose outcome is known (issue 16 §2; docs/BENCHMARKS.md "Viewer start-up"):
 *
 * <ul>
 *   <li>{@code NO_AT_BRIDGE=1}: GTK's accessibility bridge connects to the session bus (on a
 *       machine without one it forks to autolaunch one) to publish the widgets of our windows, but
 *       JavaFX has no AT-SPI support on Linux, so the only widget it would publish is an empty
 *       window frame. (JavaFX's accessibility works on Windows and macOS only.)
 *   <li>On a machine with no GPU device ({@code /dev/dri/card*}, {@code /dev/dri/renderD*} or
 *       {@code /dev/nvidia*} all absent): {@code prism.order=sw}, because JavaFX would first load
 *       Mesa's software OpenGL (LLVM included), then refuse it as not hardware and fall back to its
 *       software renderer anyway; and {@code GDK_GL=disable}, because GTK would load the same
 *       software OpenGL to rank the display's visuals for GL windows, which JavaFX never asks it
 *       for (its own OpenGL pipeline picks its visual itself). A machine with a GPU starts as before.
 * </ul>
 *
 * A setting the user made (an environment variable or {@code -Dprism.order}) is never replaced.
 *
 * @param environment variables to set in this process before GTK reads them
 * @param properties system properties to set before JavaFX reads them
 */
record ToolkitTuning(Map<String, String> environment, Map<String, String> properties) {
    ToolkitTuning {
        environment = Map.copyOf(environment);
        properties = Map.copyOf(properties);
    }

    /** What to set on this machine. */
    static ToolkitTuning forThisMachine() {
        return decide(System.getProperty("os.name", ""), System.getenv(), System.getProperties(), Path.of("/dev"));
    }

    /**
     * What to set for an operating system, the environment and system properties the process has,
     * and its device folder ({@code /dev}).
     */
    static ToolkitTuning decide(String osName, Map<String, String> environment, Properties properties, Path devices) {
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return new ToolkitTuning(variables, settings);
        }
        variables.put("NO_AT_BRIDGE", "1");
        if (!hasGpuDevice(devices)) {
            variables.put("GDK_GL", "disable");
            settings.put("prism.order", "sw");
        }
        variables.keySet().removeIf(environment::containsKey);
        settings.keySet().removeIf(properties::containsKey);
        return new ToolkitTuning(variables, settings);
    }

    /** Whether the machine has a device a hardware OpenGL driver could render on. */
    static boolean hasGpuDevice(Path devices) {
        if (Files.exists(devices.resolve("nvidia0")) || Files.exists(devices.resolve("nvidiactl"))) {
            return true;
        }
        Path dri = devices.resolve("dri");
        if (!Files.isDirectory(dri)) {
            return false;
        }
        try (Stream<Path> nodes = Files.list(dri)) {
            return nodes.map(node -> node.getFileName().toString())
                    .anyMatch(name -> name.startsWith("card") || name.startsWith("renderD"));
        } catch (IOException e) {
            return true; // cannot tell: let JavaFX find out, as it always did
        }
    }

    /**
     * Sets it all in this process: on the toolkit's thread just before it starts the toolkit (no
     * other thread of ours reads the C environment; Java code reads its own copy of it).
     */
    void apply() {
        properties.forEach(System::setProperty);
        environment.forEach(ToolkitTuning::setNativeEnvironment);
    }

    /**
     * {@code setenv(name, value, 0)} from the C library: GTK reads the process's own environment,
     * not Java's copy. A restricted call: the launchers grant native access to the class path.
     */
    @SuppressWarnings("restricted")
    private static void setNativeEnvironment(String name, String value) {
        Linker linker = Linker.nativeLinker();
        MemorySegment function = linker.defaultLookup().find("setenv").orElse(null);
        if (function == null) {
            return;
        }
        MethodHandle setenv = linker.downcallHandle(
                function,
                FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 0);
        } catch (Throwable e) { // a setting not made only costs the time it would have saved
            return;
        }
    }
}
