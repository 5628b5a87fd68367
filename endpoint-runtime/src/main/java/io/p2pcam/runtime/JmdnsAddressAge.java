package io.p2pcam.runtime;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.jmdns.impl.DNSCache;
import javax.jmdns.impl.DNSEntry;
import javax.jmdns.impl.DNSRecord;

/**
 * Orders a resolved instance's addresses the newest first, by their records in JmDNS's cache. A
 * camera back at a new address (a new DHCP lease, no goodbye) announces its new address record with
 * the cache-flush bit; JmDNS keeps the old record a second longer (RFC 6762 §10.2: its TTL set to
 * 1 s) and lists the addresses in the order it cached them, the old one first, so a viewer would
 * try the address the camera just left. The record that expires last is the one heard last.
 */
final class JmdnsAddressAge {
    private JmdnsAddressAge() {}

    /** {@code addresses} of host {@code host}, the one whose record in {@code cache} expires last first; unknown ones last, in order. */
    static List<InetAddress> newestFirst(DNSCache cache, String host, List<InetAddress> addresses) {
        if (addresses.size() < 2) {
            return addresses;
        }
        Map<InetAddress, Long> expiry = new HashMap<>();
        for (DNSEntry entry : cache.getDNSEntryList(host)) {
            if (entry instanceof DNSRecord.Address record) {
                long expires = record.getCreated() + record.getTTL() * 1_000L;
                for (InetAddress address : record.getServiceInfo(false).getInetAddresses()) {
                    expiry.merge(address, expires, Math::max);
                }
            }
        }
        List<InetAddress> sorted = new ArrayList<>(addresses);
        sorted.sort(Comparator.comparingLong((InetAddress address) -> expiry.getOrDefault(address, Long.MIN_VALUE))
                .reversed());
        return sorted;
    }
}
