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
 * A kind this platform cannot list gets one line saying how to find the names instead.
 */
@Command(
        name = "devices",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the cameras (for --source webcam:DEVICE) and microphones (for --audio-source mic:DEVICE)",
            "of this computer: kind, device and name, tab-separated."
        })
final class DevicesCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            print(out, "video", Devices.list(), "no cameras found; use --source synthetic or --source file:PATH");
        } catch (SourceException e) {
            out.println("video\t-\t" + e.getMessage());
        }
        try {
            print(out, "audio", AudioInputs.list(), "no microphones found; --no-audio, or --audio-source file:PATH");
        } catch (SourceException e) {
            out.println("audio\t-\t" + e.getMessage());
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, String kind, List<CaptureDevice> devices, String none) {
        if (devices.isEmpty()) {
            out.println(kind + "\t-\t" + none);
        }
        for (CaptureDevice device : devices) {
            out.println(kind + "\t" + device.device() + "\t" + device.name());
        }
    }
}
