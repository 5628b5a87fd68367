package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.lan.LanAnnouncement;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.jmdns.ServiceInfo;
import javax.jmdns.impl.DNSEntry;
import javax.jmdns.impl.DNSOutgoing;
import javax.jmdns.impl.DNSQuestion;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.constants.DNSRecordClass;
import javax.jmdns.impl.constants.DNSRecordType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks again, in one JmDNS, for cameras the viewer has just started to look for. Their TXT records
 * may have been heard before (the camera announced itself before the user typed its ID): JmDNS tells
 * its record listeners of a record only when it is new or changed, so a {@link LanBrowser} that
 * passed over it then would not hear of it again. This finds those still in the cache, and asks the
 * LAN for the type's instances once, so that one the cache let go (a flood of forged records fills
 * its bound) is heard anew: every responder of the type answers with its PTR, SRV, TXT and address
 * records (RFC 6763 §12.1), and a record no longer cached is new to JmDNS.
 */
final class JmdnsLookAgain {
    /** An instance of our type whose TXT record, cached, names a camera looked for. */
    record Heard(String instanceName, CameraId id, InetAddress source) {}

    private static final Logger log = LoggerFactory.getLogger(JmdnsLookAgain.class);
    private static final String INSTANCE_SUFFIX = "." + LanAnnouncement.SERVICE_TYPE.toLowerCase(Locale.ROOT);

    private JmdnsLookAgain() {}

    /** The instances whose TXT record in {@code jmdns}'s cache names one of {@code ids}. */
    static List<Heard> cached(JmDNSImpl jmdns, Set<CameraId> ids) {
        List<Heard> heard = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (DNSEntry entry : jmdns.getCache().allValues()) {
            if (entry.getRecordType() != DNSRecordType.TYPE_TXT
                    || !(entry instanceof DNSRecord txt)
                    || txt.isExpired(now)
                    || !entry.getKey().endsWith(INSTANCE_SUFFIX)) {
                continue;
            }
            ServiceInfo info = txt.getServiceInfo();
            LanAnnouncement announced = LanAnnouncement.fromTxt(info::getPropertyString);
            if (announced != null && ids.contains(announced.id())) {
                heard.add(new Heard(info.getName(), announced.id(), txt.getRecordSource()));
            }
        }
        return heard;
    }

    /** Asks the LAN, once, for the instances of our type, with no known answers (all answer). */
    static void ask(JmDNSImpl jmdns) {
        try {
            DNSOutgoing query = new DNSOutgoing(0); // a query (QR clear), multicast
            query.addQuestion(DNSQuestion.newQuestion(
                    LanAnnouncement.SERVICE_TYPE, DNSRecordType.TYPE_PTR, DNSRecordClass.CLASS_IN, false));
            jmdns.send(query);
        } catch (IOException | RuntimeException e) {
            // The next announcement or refresh will do: this only hastens it.
            log.debug("asking the LAN for {} again: {}", LanAnnouncement.SERVICE_TYPE, e.toString());
        }
    }
}
