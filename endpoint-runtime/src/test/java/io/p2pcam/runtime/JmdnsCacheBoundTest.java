package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.lan.LanAnnouncement;
import java.security.SecureRandom;
import java.util.Locale;
import javax.jmdns.impl.DNSCache;
import javax.jmdns.impl.DNSEntry;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.constants.DNSRecordClass;
import javax.jmdns.impl.constants.DNSRecordType;
import javax.jmdns.impl.util.ByteWrangler;
import org.junit.jupiter.api.Test;

/**
 * {@link JmdnsCacheBound} on a JmDNS cache filled by hand, as a flood of forged instances of our
 * type fills it: PTR records only, each naming an instance with nothing behind it. JmDNS walks the
 * type's PTR records twice for each one it reads (docs/BENCHMARKS.md, "the PTR walk").
 */
class JmdnsCacheBoundTest {
    private static final String TYPE = LanAnnouncement.SERVICE_TYPE;
    private static final int FORGED = 3 * JmdnsCacheBound.MAX_RECORDS;

    @Test
    void aFloodOfPointersOfOurTypeIsKeptToThePointerBoundNotTheRecordBound() {
        DNSCache cache = new DNSCache();
        forgePointers(cache, FORGED);

        new JmdnsCacheBound().expireBeyondBound(cache);

        assertThat(live(cache, DNSRecordType.TYPE_PTR))
                .as("PTR records of our type left")
                .isEqualTo(JmdnsCacheBound.MAX_POINTERS)
                .isLessThan(JmdnsCacheBound.MAX_RECORDS);
    }

    /** The bound is full of forged PTR records; a camera's SRV and TXT records that come after still have room. */
    @Test
    void aCameraAnnouncedAfterAFloodOfPointersKeepsItsServiceAndTextRecords() {
        DNSCache cache = new DNSCache();
        JmdnsCacheBound bound = new JmdnsCacheBound();
        forgePointers(cache, FORGED);
        bound.expireBeyondBound(cache);
        String instance = "Porch (p2pcam)." + TYPE;
        cache.addDNSEntry(new DNSRecord.Pointer(TYPE, DNSRecordClass.CLASS_IN, false, 4_500, instance));
        cache.addDNSEntry(new DNSRecord.Service(
                instance, DNSRecordClass.CLASS_IN, true, 120, 0, 0, 40_990, "p2pcam-abcde.local."));
        cache.addDNSEntry(new DNSRecord.Text(instance, DNSRecordClass.CLASS_IN, true, 4_500, new byte[] {0}));

        bound.expireBeyondBound(cache);

        assertThat(live(cache, DNSRecordType.TYPE_SRV))
                .as("the camera's SRV record kept")
                .isEqualTo(1);
        assertThat(live(cache, DNSRecordType.TYPE_TXT))
                .as("the camera's TXT record kept")
                .isEqualTo(1);
    }

    /**
     * The bound is full of forged PTR records; a camera nobody looks for yet announces itself after
     * them. Its PTR record is kept, and a forged one goes: without it JmDNS tells the browser the
     * instance left, and the Add camera dialog's list loses the camera.
     */
    @Test
    void aCameraNobodyLooksForAnnouncedAfterAFloodOfPointersKeepsItsPointer() {
        DNSCache cache = new DNSCache();
        JmdnsCacheBound bound = new JmdnsCacheBound();
        forgePointers(cache, FORGED);
        bound.expireBeyondBound(cache);
        LanAnnouncement porch =
                new LanAnnouncement(CameraIdentity.generate(new SecureRandom()).id(), "Porch", 40_990);
        String instance = porch.instanceName() + "." + TYPE;
        cache.addDNSEntry(new DNSRecord.Pointer(TYPE, DNSRecordClass.CLASS_IN, false, 4_500, instance));
        cache.addDNSEntry(new DNSRecord.Service(
                instance, DNSRecordClass.CLASS_IN, true, 120, 0, 0, porch.port(), "p2pcam-abcde.local."));
        cache.addDNSEntry(new DNSRecord.Text(
                instance, DNSRecordClass.CLASS_IN, true, 4_500, ByteWrangler.textFromProperties(porch.txt())));

        bound.expireBeyondBound(cache);
        bound.expireBeyondBound(cache); // and it stays: kept before, like the first heard

        long now = System.currentTimeMillis();
        assertThat(cache.allValues().stream()
                        .filter(entry -> entry.getRecordType() == DNSRecordType.TYPE_PTR && !entry.isExpired(now))
                        .map(entry -> ((DNSRecord) entry).getServiceInfo().getQualifiedName())
                        .filter(instance::equalsIgnoreCase)
                        .count())
                .as("the camera's PTR record kept")
                .isEqualTo(1);
        assertThat(live(cache, DNSRecordType.TYPE_PTR))
                .as("PTR records of our type left")
                .isEqualTo(JmdnsCacheBound.MAX_POINTERS);
    }

    /**
     * The bound is full of complete forged announcements (PTR, SRV and TXT records, each reading
     * as a camera's), kept before; a camera announces itself after them and the browser
     * lists it. Its records are kept: without them JmDNS tells the browser the instance left.
     */
    @Test
    void aCameraListedAfterAFloodOfCompleteAnnouncementsKeepsItsRecords() {
        DNSCache cache = new DNSCache();
        JmdnsCacheBound bound = new JmdnsCacheBound();
        LanAnnouncement forged =
                new LanAnnouncement(CameraIdentity.generate(new SecureRandom()).id(), "Forged", 40_000);
        for (int n = 0; n < JmdnsCacheBound.MAX_RECORDS / 2; n++) {
            announce(cache, ForgedMdns.PREFIX + n, forged, "forged-" + n + ".local.");
        }
        bound.expireBeyondBound(cache);
        LanAnnouncement porch =
                new LanAnnouncement(CameraIdentity.generate(new SecureRandom()).id(), "Porch", 40_990);
        String instance = (porch.instanceName() + "." + TYPE).toLowerCase(Locale.ROOT);
        announce(cache, porch.instanceName(), porch, "p2pcam-abcde.local.");
        bound.preferListed(instance::equals);

        bound.expireBeyondBound(cache);

        long now = System.currentTimeMillis();
        assertThat(cache.allValues().stream()
                        .filter(entry -> !entry.isExpired(now))
                        .filter(entry -> entry.getKey().equals(instance)
                                || entry.getRecordType() == DNSRecordType.TYPE_PTR
                                        && ((DNSRecord) entry)
                                                .getServiceInfo()
                                                .getQualifiedName()
                                                .equalsIgnoreCase(instance))
                        .map(DNSEntry::getRecordType))
                .as("the listed camera's PTR, SRV and TXT records")
                .containsExactlyInAnyOrder(DNSRecordType.TYPE_PTR, DNSRecordType.TYPE_SRV, DNSRecordType.TYPE_TXT);
    }

    private static void announce(DNSCache cache, String name, LanAnnouncement announced, String host) {
        String instance = name + "." + TYPE;
        cache.addDNSEntry(new DNSRecord.Pointer(TYPE, DNSRecordClass.CLASS_IN, false, 4_500, instance));
        cache.addDNSEntry(
                new DNSRecord.Service(instance, DNSRecordClass.CLASS_IN, true, 120, 0, 0, announced.port(), host));
        cache.addDNSEntry(new DNSRecord.Text(
                instance, DNSRecordClass.CLASS_IN, true, 4_500, ByteWrangler.textFromProperties(announced.txt())));
    }

    @Test
    void aBenchmarksPointerBoundTakesEffectAtTheNextRound() {
        DNSCache cache = new DNSCache();
        JmdnsCacheBound bound = new JmdnsCacheBound();
        bound.boundPointers(100);
        forgePointers(cache, FORGED);

        bound.expireBeyondBound(cache);

        assertThat(live(cache, DNSRecordType.TYPE_PTR)).isEqualTo(100);
    }

    private static void forgePointers(DNSCache cache, int count) {
        for (int n = 0; n < count; n++) {
            cache.addDNSEntry(new DNSRecord.Pointer(
                    TYPE, DNSRecordClass.CLASS_IN, false, 4_500, ForgedMdns.PREFIX + n + "." + TYPE));
        }
    }

    private static long live(DNSCache cache, DNSRecordType type) {
        long now = System.currentTimeMillis();
        return cache.allValues().stream()
                .filter(entry -> entry.getRecordType() == type)
                .filter(entry -> !entry.isExpired(now))
                .map(DNSEntry::getKey)
                .filter(key -> key.endsWith(TYPE))
                .count();
    }
}
