package io.p2pcam.runtime;

import java.net.InetAddress;
import java.util.Locale;
import javax.jmdns.ServiceInfo;
import javax.jmdns.impl.DNSCache;
import javax.jmdns.impl.DNSEntry;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.constants.DNSRecordType;

/**
 * Who sent a resolved instance's announcement: the source address of the packet that carried its
 * TXT record, as JmDNS noted it on the cached record ({@link DNSRecord#getRecordSource}). Anyone
 * can announce any address in an A record, one per forged instance; the packet's source is the
 * sender's own, which a neighbour can vary only by sending from other addresses (docs/PROTOCOL.md
 * §10.8: strangers' places are shared per source).
 */
final class JmdnsRecordSource {
    private JmdnsRecordSource() {}

    /** Where {@code info}'s cached TXT record came from; {@code otherwise} when it is not cached or JmDNS did not say. */
    static InetAddress ofAnnouncement(DNSCache cache, ServiceInfo info, InetAddress otherwise) {
        for (DNSEntry entry : cache.getDNSEntryList(info.getQualifiedName().toLowerCase(Locale.ROOT))) {
            if (entry.getRecordType() == DNSRecordType.TYPE_TXT
                    && entry instanceof DNSRecord txt
                    && txt.getRecordSource() != null) {
                return txt.getRecordSource();
            }
        }
        return otherwise;
    }
}
