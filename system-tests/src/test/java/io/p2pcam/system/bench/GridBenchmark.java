package io.p2pcam.system.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.OperatingSystemMXBean;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.system.CameraRig;
import io.p2pcam.viewer.app.LaunchOptions;
import io.p2pcam.viewer.app.ViewerApp;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.engine.connection.ConnectionState;
import io.p2pcam.viewer.engine.record.CaptureDirectories;
import io.p2pcam.viewer.live.CameraTile;
import io.p2pcam.viewer.live.TileStats;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.stage.Stage;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The 16-tile benchmark: a cloud and N emulated 720p30 cameras (one shared encoder) in this JVM,
 * and the real desktop app showing all of them in one grid on a real display (Xvfb in the
 * script). Measures, per tile, pictures shown per second and capture-to-screen latency (the
 * synthetic source stamps each picture), and for the process CPU, heap and GC pauses.
 *
 * <p>Run with bench/viewer-grid.sh, not as a test. Arguments: cameras (16), warm-up seconds (10),
 * measured seconds (30), picture size (1280x720). The system property {@code bench.subSize}
 * (default 640x360, {@code off} for none) gives the cameras a sub-stream, which small tiles ask
 * for (docs/PROTOCOL.md §10.9).
 */
public final class GridBenchmark {
    public static void main(String[] args) throws Exception {
        int cameras = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int measured = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        String[] size = (args.length > 3 ? args[3] : "1280x720").split("x");
        VideoFormat format = new VideoFormat(Integer.parseInt(size[0]), Integer.parseInt(size[1]), 30);
        String subSize = System.getProperty("bench.subSize", "640x360");
        VideoFormat subFormat = subSize.equals("off") ? null : VideoFormat.of(subSize, 30);
        Optional<Path> screenshot = args.length > 4 ? Optional.of(Path.of(args[4])) : Optional.empty();

        List<Long> pausesMillis = new CopyOnWriteArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc)
                    .addNotificationListener(
                            (notification, handback) -> {
                                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                                        notification.getType())) {
                                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                                            (CompositeData) notification.getUserData());
                                    if (!info.getGcAction().contains("concurrent")
                                            && !info.getGcName().contains("Cycles")) {
                                        pausesMillis.add(info.getGcInfo().getDuration());
                                    }
                                }
                            },
                            null,
                            null);
        }

        try (CameraRig rig = CameraRig.start(cameras, format, subFormat, "bench", 4)) {
            Path home = Files.createTempDirectory("p2pcam-grid-bench");
            List<CameraEntry> entries = new ArrayList<>();
            for (int i = 0; i < cameras; i++) {
                entries.add(new CameraEntry(rig.ids().get(i), "Camera " + (i + 1), Password.of("bench")));
            }
            // The app adds one camera from the command line; the others go in its saved list first.
            io.p2pcam.viewer.config.ConfigStore store = new io.p2pcam.viewer.config.ConfigStore(home.resolve("config"));
            store.save(io.p2pcam.viewer.config.ViewerConfig.empty()
                    .withCameras(entries)
                    .withGridSize(cameras <= 1 ? 1 : cameras <= 4 ? 4 : cameras <= 9 ? 9 : 16));
            ViewerApp.prepare(new LaunchOptions(
                    home.resolve("config"),
                    List.of(rig.cloudAddress()),
                    Optional.empty(),
                    new CaptureDirectories(home.resolve("Videos"), home.resolve("Pictures")),
                    Optional.empty()));
            CompletableFuture<Stage> shown = new CompletableFuture<>();
            Platform.startup(() -> {
                try {
                    Stage stage = new Stage();
                    new ViewerApp().start(stage);
                    stage.setX(0);
                    stage.setY(0);
                    stage.setWidth(1920);
                    stage.setHeight(1080);
                    shown.complete(stage);
                } catch (RuntimeException e) {
                    shown.completeExceptionally(e);
                }
            });
            shown.get(30, TimeUnit.SECONDS);
            AtomicLong pulses = new AtomicLong();
            Platform.runLater(() -> new javafx.animation.AnimationTimer() {
                @Override
                public void handle(long now) {
                    pulses.incrementAndGet();
                }
            }.start());
            System.err.printf("grid bench: %d cameras %s, warming up %d s…%n", cameras, format, warmUp);
            Thread.sleep(warmUp * 1000L);

            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            long pulsesStart = pulses.get();
            long wallStart = System.nanoTime();
            pausesMillis.clear();
            List<Double> fps = new ArrayList<>();
            List<Double> decodedFps = new ArrayList<>();
            List<Double> latencies = new ArrayList<>();
            long maxHeap = 0;
            int liveTiles = 0;
            for (int second = 0; second < measured; second++) {
                Thread.sleep(1000);
                List<TileStats> stats = onFxThread(() -> tiles().stream()
                        .map(t -> t.model().statsProperty().get())
                        .toList());
                for (TileStats tile : stats) {
                    fps.add(tile.shownFps());
                    decodedFps.add(tile.decodedFps());
                    if (tile.latencyMillis() >= 0) {
                        latencies.add(tile.latencyMillis());
                    }
                }
                MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                maxHeap = Math.max(maxHeap, heap.getUsed());
            }
            double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
            double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
            double pulsesPerSecond = (pulses.get() - pulsesStart) / wallSeconds;
            List<double[]> finalTiles = onFxThread(() -> tiles().stream()
                    .map(t -> new double[] {
                        t.model().statusProperty().get().state() == ConnectionState.LIVE ? 1 : 0,
                        t.model().shownCount()
                    })
                    .toList());
            for (double[] tile : finalTiles) {
                liveTiles += (int) tile[0];
            }
            double[] sortedFps =
                    fps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] sortedLatency =
                    latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            long[] pauses =
                    pausesMillis.stream().mapToLong(Long::longValue).sorted().toArray();
            String pipeline = com.sun.prism.GraphicsPipeline.getPipeline() == null
                    ? "?"
                    : com.sun.prism.GraphicsPipeline.getPipeline().getClass().getSimpleName();
            System.out.printf(
                    Locale.ROOT,
                    "{\"cameras\":%d,\"size\":\"%dx%d\",\"seconds\":%.0f,\"liveTiles\":%d,\"fpsShownPerTileMean\":%.1f,"
                            + "\"fpsShownPerTileP5\":%.1f,\"fpsShownPerTileMin\":%.1f,\"latencyMsP50\":%.0f,\"latencyMsP95\":%.0f,"
                            + "\"cpuCoresUsed\":%.2f,\"cpuOfMachinePercent\":%.0f,\"heapMaxUsedMB\":%.0f,\"gcPauses\":%d,"
                            + "\"gcPauseMsMax\":%d,\"gcPauseMsTotal\":%d,\"prism\":\"%s\",\"fpsDecodedPerTileMean\":%.1f,"
                            + "\"uiPulsesPerSecond\":%.1f,\"loadAverage\":%.2f,\"subSize\":\"%s\"}%n",
                    cameras,
                    format.width(),
                    format.height(),
                    wallSeconds,
                    liveTiles,
                    mean(sortedFps),
                    percentile(sortedFps, 5),
                    sortedFps.length == 0 ? 0 : sortedFps[0],
                    percentile(sortedLatency, 50),
                    percentile(sortedLatency, 95),
                    cpuSeconds / wallSeconds,
                    100 * cpuSeconds / wallSeconds / Runtime.getRuntime().availableProcessors(),
                    maxHeap / 1e6,
                    pauses.length,
                    pauses.length == 0 ? 0 : pauses[pauses.length - 1],
                    Arrays.stream(pauses).sum(),
                    pipeline,
                    decodedFps.stream()
                            .mapToDouble(Double::doubleValue)
                            .average()
                            .orElse(0),
                    pulsesPerSecond,
                    os.getSystemLoadAverage(),
                    subSize);
            if (screenshot.isPresent()) {
                saveScreenshot(screenshot.get());
            }
            Platform.runLater(Platform::exit);
        }
        System.exit(0);
    }

    /** The screen as the user sees it, with the figures overlay on: the README's picture. */
    private static void saveScreenshot(Path file) throws Exception {
        onFxThread(() -> {
            tiles().forEach(tile -> tile.statsVisibleProperty().unbind());
            tiles().forEach(tile -> tile.statsVisibleProperty().set(true));
            return null;
        });
        Thread.sleep(2_000); // a figures refresh and a few fresh pictures
        // What the X server shows (Scene.snapshot comes out black on Mesa's software OpenGL).
        Files.createDirectories(file.toAbsolutePath().getParent());
        Process shot = new ProcessBuilder("import", "-window", "root", file.toString())
                .inheritIO()
                .start();
        if (!shot.waitFor(30, TimeUnit.SECONDS) || shot.exitValue() != 0) {
            throw new IllegalStateException("ImageMagick's import could not take the screenshot");
        }
        System.err.println("grid bench: screenshot saved to " + file);
    }

    private static javafx.stage.Window appWindow() {
        return javafx.stage.Window.getWindows().stream()
                .filter(window -> window instanceof Stage stage && "p2pcam".equals(stage.getTitle()))
                .findFirst()
                .orElseThrow();
    }

    private static List<CameraTile> tiles() {
        return appWindow().getScene().getRoot().lookupAll(".camera-tile").stream()
                .map(CameraTile.class::cast)
                .toList();
    }

    private static <T> T onFxThread(Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(task.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(0);
    }

    private static double percentile(double[] sorted, double percent) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(percent / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
