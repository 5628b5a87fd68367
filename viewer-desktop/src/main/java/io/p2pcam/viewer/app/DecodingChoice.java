package io.p2pcam.viewer.app;

import io.p2pcam.viewer.cameras.CameraList;
import io.p2pcam.viewer.engine.decode.HwAccel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The hardware decoding setting of the app (decision 0025; {@code --hwaccel} for one run): the
 * choice new connections decode with, remembered in viewer.json, and the device types this
 * machine's FFmpeg build lists for the settings dialog. Listing them loads FFmpeg, so it happens on
 * the background executor. A change applies to connections made after it; tiles already playing
 * keep their decoder (the stats overlay says which).
 *
 * <p>UI thread only (or one test thread).
 */
final class DecodingChoice {
    private final CameraList cameras;
    private final Consumer<HwAccel> decoders;
    private final Supplier<List<String>> deviceTypes;
    private final Executor background;
    private final Executor uiThread;
    private final ObservableList<String> listed = FXCollections.observableArrayList();
    private final AtomicBoolean listing = new AtomicBoolean();
    private HwAccel inUse = HwAccel.AUTO;

    /**
     * @param decoders makes a choice the one new connections decode with (the app: {@code HwDecoding::configure})
     * @param deviceTypes the hardware device types FFmpeg has here (the app: {@code HwDevice::compiledTypes})
     */
    DecodingChoice(
            CameraList cameras,
            Consumer<HwAccel> decoders,
            Supplier<List<String>> deviceTypes,
            Executor background,
            Executor uiThread) {
        this.cameras = cameras;
        this.decoders = decoders;
        this.deviceTypes = deviceTypes;
        this.background = background;
        this.uiThread = uiThread;
    }

    /** Applies the command line's choice for this run, or else the saved one. */
    void start(Optional<HwAccel> forThisRun) {
        inUse = forThisRun.orElse(cameras.config().hwaccel());
        decoders.accept(inUse);
    }

    /** What new connections decode with now. */
    HwAccel inUse() {
        return inUse;
    }

    /** The user's choice in the settings: saved, and used by the connections made from now on. */
    void change(HwAccel choice) {
        if (!choice.equals(cameras.config().hwaccel())) {
            cameras.update(cameras.config().withHwaccel(choice));
        }
        if (!choice.equals(inUse)) {
            inUse = choice;
            decoders.accept(choice);
        }
    }

    /** The device types FFmpeg lists on this machine, once {@link #listDeviceTypes} has them (empty until then). */
    ObservableList<String> deviceTypes() {
        return FXCollections.unmodifiableObservableList(listed);
    }

    /** Lists the device types off the UI thread, once; a build that cannot say lists none. */
    void listDeviceTypes() {
        if (!listing.compareAndSet(false, true)) {
            return;
        }
        background.execute(() -> {
            List<String> found;
            try {
                found = List.copyOf(deviceTypes.get());
            } catch (RuntimeException | LinkageError e) { // FFmpeg missing: auto and off still work
                found = List.of();
            }
            List<String> types = found;
            uiThread.execute(() -> listed.setAll(types));
        });
    }
}
