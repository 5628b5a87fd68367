package io.p2pcam.viewer.probe;

import java.time.Duration;
import picocli.CommandLine.Option;

/** probe's LAN options (docs/PROTOCOL.md §10.8): listing cameras found by mDNS, and when to go to one directly. */
final class LanOptions {
    @Option(
            names = "--discover",
            description = {
                "List the cameras announced on this network (mDNS/DNS-SD _p2pcam._udp), one JSON line each "
                        + "(id, name, addresses, port), after browsing for --discover-time, then a line with ignoredAnnouncements "
                        + "if more were announced from one address than are listed; exit 1 with an error line if none."
            })
    boolean discover;

    @Option(
            names = "--discover-time",
            defaultValue = "3",
            paramLabel = "SECONDS",
            description = "How long to look for cameras on the LAN (default ${DEFAULT-VALUE}).")
    double discoverSeconds;

    @Option(
            names = "--cloud-wait",
            defaultValue = "3",
            paramLabel = "SECONDS",
            description = {
                "Go to the camera on the LAN, if it is announced there, when the cloud has not answered "
                        + "within this long (default ${DEFAULT-VALUE}); the LAN is searched from 0.5 s of silence on."
            })
    double cloudWaitSeconds;

    @Option(
            names = "--lan",
            description = "Connect to the camera on this LAN directly, without asking any cloud (--cloud not needed).")
    boolean lanOnly;

    @Option(names = "--no-lan", description = "Never look for the camera on the LAN: through the cloud only.")
    boolean noLan;

    /** What is wrong with these options, in one line, or null. */
    String problem() {
        if (lanOnly && noLan) {
            return "--lan and --no-lan contradict each other";
        }
        if (discoverSeconds <= 0 || cloudWaitSeconds <= 0) {
            return "--discover-time and --cloud-wait must be positive";
        }
        return null;
    }

    Duration discoverTime() {
        return Duration.ofMillis((long) (discoverSeconds * 1000));
    }

    Duration cloudWait() {
        return Duration.ofMillis((long) (cloudWaitSeconds * 1000));
    }
}
