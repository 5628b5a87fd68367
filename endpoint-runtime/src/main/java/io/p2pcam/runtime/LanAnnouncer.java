package io.p2pcam.runtime;

import io.p2pcam.protocol.lan.LanAnnouncement;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces a camera on its LANs with DNS-SD over mDNS (JmDNS; docs/PROTOCOL.md §10.8): one
 * responder per multicast-capable interface ({@link LanInterfaces}), each answering queries for
 * {@value LanAnnouncement#SERVICE_TYPE} with the camera's SRV, TXT and address records.
 *
 * <p>Registering takes about a second per interface (RFC 6762 §8 probing), so it runs on a
 * thread of its own and {@link #start} returns at once; a camera streams whether or not the
 * announcement worked. An interface that fails is logged and skipped. Thread-safe.
 */
public final class LanAnnouncer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LanAnnouncer.class);

    private final LanAnnouncement announcement;
    private final List<JmDNS> responders = new ArrayList<>();
    private final Thread starter;
    private boolean closed;

    private LanAnnouncer(LanAnnouncement announcement) {
        this.announcement = announcement;
        this.starter = Thread.ofPlatform().name("lan announce").daemon().unstarted(this::announce);
    }

    /** Starts announcing {@code announcement} on every LAN interface, in the background. */
    public static LanAnnouncer start(LanAnnouncement announcement) {
        LanAnnouncer announcer = new LanAnnouncer(announcement);
        announcer.starter.start();
        return announcer;
    }

    private void announce() {
        JmdnsGoodbye.install();
        List<InetAddress> interfaces = LanInterfaces.multicastCapable();
        if (interfaces.isEmpty()) {
            log.warn("not announced on the LAN: no network interface here supports multicast");
            return;
        }
        for (InetAddress address : interfaces) {
            try {
                // A host name of our own: with none, JmDNS asks reverse DNS, which may hang with no internet.
                JmDNS responder = JmDNS.create(address, hostName(announcement));
                JmdnsGoodbye.checkHooked(responder);
                synchronized (this) {
                    if (closed) {
                        responder.close();
                        return;
                    }
                    responders.add(responder);
                }
                responder.registerService(ServiceInfo.create(
                        LanAnnouncement.SERVICE_TYPE,
                        announcement.instanceName(),
                        announcement.port(),
                        0,
                        0,
                        announcement.txt()));
                log.info(
                        "announced on the LAN at {} as \"{}\" ({} UDP {})",
                        address.getHostAddress(),
                        announcement.instanceName(),
                        LanAnnouncement.SERVICE_TYPE,
                        announcement.port());
            } catch (IOException | RuntimeException e) {
                log.warn("cannot announce on the LAN at {}: {}", address.getHostAddress(), e.toString());
            }
        }
    }

    /** "p2pcam-" and the ID's first group: unique enough on one link, and RFC 6762 §9 renames on a conflict. */
    static String hostName(LanAnnouncement announcement) {
        return "p2pcam-" + announcement.id().toString().substring(0, 5).toLowerCase(Locale.ROOT);
    }

    /**
     * Says goodbye on the LAN (the records with TTL 0 in one packet per interface, RFC 6762 §10.1)
     * and stops answering; takes milliseconds ({@link JmdnsGoodbye}).
     */
    @Override
    public void close() {
        List<JmDNS> toClose;
        synchronized (this) {
            closed = true;
            toClose = List.copyOf(responders);
            responders.clear();
        }
        for (JmDNS responder : toClose) {
            try {
                // close() unregisters the service too: its goodbye and the host's in one packet.
                responder.close();
            } catch (IOException | RuntimeException e) {
                log.debug("closing the LAN announcement: {}", e.toString());
            }
        }
    }
}
