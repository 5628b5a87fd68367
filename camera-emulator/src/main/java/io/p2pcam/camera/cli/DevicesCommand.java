package io.p2pcam.camera.cli;

import io.p2pcam.camera.media.CaptureDevice;
import io.p2pcam.camera.media.Devices;
import io.p2pcam.camera.media.SourceException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code devices}: the capture devices {@code --source webcam:DEVICE} can name. */
@Command(
        name = "devices",
        mixinStandardHelpOptions = true,
        description = "Lists the cameras of this computer, for --source webcam:DEVICE.")
final class DevicesCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws SourceException {
        List<CaptureDevice> devices = Devices.list();
        PrintWriter out = spec.commandLine().getOut();
        if (devices.isEmpty()) {
            out.println("no cameras found; use --source synthetic or --source file:PATH");
        }
        for (CaptureDevice device : devices) {
            out.println(device.device() + "\t" + device.name());
        }
        out.flush();
        return 0;
    }
}
