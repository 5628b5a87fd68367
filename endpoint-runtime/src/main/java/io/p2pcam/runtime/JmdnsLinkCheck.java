package io.p2pcam.runtime;

import java.net.InetAddress;
import java.util.List;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.JmdnsResponseFilter;
import javax.jmdns.impl.constants.DNSRecordType;

/**
 * RFC 6762 §11's source address check on one JmDNS's responses, before JmDNS acts on them ({@link
 * JmdnsResponseFilter}): a response whose packet's sender is not on the subnets of the interface
 * that JmDNS listens on ({@link LanLinkWatch} of {@link LanInterfaces#onLinkOf}) is dropped whole,
 * so that its records never enter the cache, and its goodbyes (TTL 0) never unlist a camera: a
 * forger off the link who knows a camera's instance name cannot remove it. A dropped response
 * that announced an instance of our type (a PTR record) is counted as an ignored announcement.
 * Thread-safe: JmDNS calls it on its socket's thread.
 */
final class JmdnsLinkCheck implements JmdnsResponseFilter.Filter {
    private final LanLinkWatch link;
    private final Runnable droppedAnnouncement;

    /** {@code link}: the subnets of the JmDNS's interface; {@code droppedAnnouncement}: told each dropped announcement. */
    JmdnsLinkCheck(LanLinkWatch link, Runnable droppedAnnouncement) {
        this.link = link;
        this.droppedAnnouncement = droppedAnnouncement;
    }

    @Override
    public boolean heard(InetAddress sender, List<DNSRecord> records) {
        if (link.onLink(sender)) {
            return true;
        }
        long now = System.currentTimeMillis();
        for (DNSRecord record : records) {
            if (record.getRecordType() == DNSRecordType.TYPE_PTR
                    && !record.isExpired(now)
                    && record.getKey().equals(LanHeldKeys.TYPE_KEY)) {
                droppedAnnouncement.run();
                break; // one packet, one announcement counted (as the browser counts a PTR heard)
            }
        }
        return false;
    }
}
