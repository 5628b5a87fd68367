package io.p2pcam.viewer.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.runtime.LanBrowser;
import io.p2pcam.runtime.LanInterfaces;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `probe`'s LAN side: `--discover`'s output, and why a camera was not found on the LAN (docs/PROTOCOL.md §10.8). */
final class LanProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LanProbe() {}

    /**
     * Browses for {@code within}, then prints one JSON line per camera found (id, name, addresses,
     * port), then, when announcements were ignored (more from one address than it may list), one
     * line with their count; when none was found, one line with {@code error} and why. Returns the exit status.
     */
    static int discover(PrintWriter out, Duration within) throws Exception {
        LanBrowser browser = LanBrowser.start();
        try {
            if (!browser.interfaces().isEmpty()) {
                Thread.sleep(within); // browsing is the point: mDNS answers come in over this time
            }
            List<LanBrowser.Found> found = browser.found();
            for (LanBrowser.Found camera : found) {
                out.println(line(camera));
            }
            long ignored = browser.ignoredAnnouncements();
            if (ignored > 0) { // a flood from a few addresses shows as this count, not as a list of fakes (0063)
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("ignoredAnnouncements", ignored);
                line.put("message", ignored + " more announcements ignored (too many from one address)");
                out.println(JSON.writeValueAsString(line));
            }
            if (found.isEmpty()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("error", "NONE_FOUND");
                line.put("message", "no camera is announced on this network: " + whyNothing(browser, within));
                out.println(JSON.writeValueAsString(line));
            }
            out.flush();
            return found.isEmpty() ? 1 : 0;
        } finally {
            Thread.ofVirtual().start(browser::close); // JmDNS takes seconds to close; the answer is out already
        }
    }

    static String line(LanBrowser.Found camera) throws JsonProcessingException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", camera.id().toString());
        line.put("name", camera.announcement().name());
        line.put(
                "addresses",
                camera.addresses().stream().map(InetAddress::getHostAddress).toList());
        line.put("port", camera.announcement().port());
        return JSON.writeValueAsString(line);
    }

    /** Why camera {@code id} is not among those {@code browser} found within {@code waited}, for people. */
    static String whyNotFound(LanBrowser browser, CameraId id, Duration waited) {
        List<LanBrowser.Found> others = browser.found();
        if (!others.isEmpty()) {
            return "camera " + id + " is not announced on this network (" + others.size()
                    + " other camera(s) are, seen in " + seconds(waited)
                    + "; is it on another network, or does it run with --no-lan-announce?)";
        }
        return "camera " + id + " was not found on this network: " + whyNothing(browser, waited);
    }

    private static String whyNothing(LanBrowser browser, Duration waited) {
        if (browser.interfaces().isEmpty()) {
            return "this computer has no network interface that can multicast, so mDNS cannot run";
        }
        return "no mDNS answer for _p2pcam._udp within " + seconds(waited) + " on "
                + LanInterfaces.describe(browser.interfaces())
                + " (is multicast to 224.0.0.251 UDP 5353 blocked here, or does the camera run with"
                + " --no-lan-announce?)";
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() / 1000.0 + " s";
    }
}
