package io.p2pcam.camera.cli;

import io.p2pcam.camera.media.AudioInputs;
import io.p2pcam.camera.media.CaptureDevice;
import io.p2pcam.camera.media.Devices;
import io.p2pcam.camera.media.SourceException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code devices}: the cameras {@code --source webcam:DEVICE} and the microphones
 * {@code --audio-source mic:DEVICE} can name, one per line: kind, device, name (tab-separated).
 *
 * <p>Standard output holds real devices only, so a script can read its columns; as with
 * {@code arecord -l}, a kind with none found, or one this platform cannot list, gets one line on
 * standard error saying what to do instead. Exit status 1 only when a listing failed.
 */
@Command(
        name = "devices",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the cameras (for --source webcam:DEVICE) and microphones (for --audio-source mic:DEVICE)"
                    + " of this computer: kind, device and name, tab-separated.",
            "None found, or a kind that cannot be listed here, is said on standard error."
        })
final class DevicesCommand implements Callable<Integer> {
    /** One kind's listing, as {@link Devices#list()} and {@link AudioInputs#list()}. */
    @FunctionalInterface
    interface Listing {
        List<CaptureDevice> list() throws SourceException;
    }

    @Spec
    private CommandSpec spec;

    private final Listing cameras;
    private final Listing microphones;

    DevicesCommand() {
        this(Devices::list, AudioInputs::list);
    }

    DevicesCommand(Listing cameras, Listing microphones) {
        this.cameras = cameras;
        this.microphones = microphones;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean listed =
                print(out, err, "video", cameras, "no cameras found; use --source synthetic or --source file:PATH");
        listed &= print(
                out, err, "audio", microphones, "no microphones found; use --no-audio or --audio-source file:PATH");
        out.flush();
        err.flush();
        return listed ? 0 : 1;
    }

    /** Prints one kind's devices to {@code out}, or why there are none to {@code err}; false if listing failed. */
    private static boolean print(PrintWriter out, PrintWriter err, String kind, Listing listing, String none) {
        List<CaptureDevice> devices;
        try {
            devices = listing.list();
        } catch (SourceException e) {
            err.println(kind + ": " + e.getMessage());
            return false;
        }
        if (devices.isEmpty()) {
            err.println(kind + ": " + none);
        }
        for (CaptureDevice device : devices) {
            out.println(kind + "\t" + device.device() + "\t" + device.name());
        }
        return true;
    }
}
