package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.p2pcam.protocol.lan.LanAnnouncement;
import io.p2pcam.protocol.testing.Eventually;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.jmdns.JmDNS;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.JmdnsResponseFilter;
import javax.jmdns.impl.constants.DNSRecordType;
import org.junit.jupiter.api.Test;

/**
 * RFC 6762 §11 before JmDNS acts on a response: a goodbye from a sender off the receiving
 * interface's subnets does not remove a cached instance (JmDNS on its own removes it, and tells
 * {@code serviceRemoved}, with no sender); one from on the link does. This host's packets play
 * both parts: they are checked against this interface's subnet, or against another interface's.
 */
class JmdnsLinkCheckTest {
    private static final String TYPE = LanAnnouncement.SERVICE_TYPE;

    @Test
    void aGoodbyeFromOffTheReceivingInterfacesSubnetsDoesNotRemoveACachedInstanceOneFromItDoes() throws Exception {
        assumeFalse(LanInterfaces.multicastCapable().isEmpty(), "no multicast-capable interface: mDNS cannot run");
        JmdnsGoodbye.install(); // as LanBrowser: the reaper every second
        InetAddress lan = LanInterfaces.multicastCapable().getFirst();
        JmdnsLinkCheck thisInterface = new JmdnsLinkCheck(
                new LanLinkWatch(() -> new LanLink(List.of(new LanLink.Prefix(lan, 24))), () -> 0L), () -> {});
        AtomicInteger droppedAnnouncements = new AtomicInteger();
        JmdnsLinkCheck otherInterface = new JmdnsLinkCheck(
                new LanLinkWatch(
                        () -> new LanLink(List.of(new LanLink.Prefix(InetAddress.ofLiteral("198.51.100.1"), 24))),
                        () -> 0L),
                droppedAnnouncements::incrementAndGet);
        AtomicBoolean asIfOffTheLink = new AtomicBoolean();
        AtomicInteger checkedOffTheLink = new AtomicInteger();
        JmDNSImpl checked = JmdnsResponseFilter.create(lan, "p2pcam-link-check-test", (sender, response) -> {
            if (!asIfOffTheLink.get()) {
                return thisInterface.heard(sender, response);
            }
            checkedOffTheLink.incrementAndGet();
            return otherInterface.heard(sender, response);
        });
        JmDNSImpl unchecked = (JmDNSImpl) JmDNS.create(lan, "p2pcam-link-unchecked-test");
        try (ForgedMdns sender = ForgedMdns.open(lan)) {
            sender.send(ForgedMdns.pointers(TYPE, 0, 2));
            Eventually.await(
                    "both instances cached by both",
                    Duration.ofSeconds(10),
                    () -> cached(checked, 0) && cached(checked, 1) && cached(unchecked, 0) && cached(unchecked, 1));

            asIfOffTheLink.set(true);
            sender.send(ForgedMdns.goodbyes(TYPE, 0, 1));
            Eventually.await("the goodbye checked", Duration.ofSeconds(10), () -> checkedOffTheLink.get() > 0);
            asIfOffTheLink.set(false);
            sender.send(ForgedMdns.goodbyes(TYPE, 1, 1)); // after it: removed no sooner than the first

            Eventually.await("the goodbye from the link acted on", Duration.ofSeconds(10), () -> !cached(checked, 1));
            Eventually.await(
                    "JmDNS on its own acting on the goodbye from off the link",
                    Duration.ofSeconds(10),
                    () -> !cached(unchecked, 0));
            assertThat(cached(checked, 0))
                    .as("the instance whose goodbye came from off the link")
                    .isTrue();

            asIfOffTheLink.set(true);
            sender.send(ForgedMdns.pointers(TYPE, 2, 1));
            Eventually.await(
                    "an announcement from off the link counted",
                    Duration.ofSeconds(10),
                    () -> droppedAnnouncements.get() > 0);
            assertThat(cached(checked, 2)).as("not cached").isFalse();
        } finally {
            checked.close();
            unchecked.close();
        }
    }

    /** Whether {@code jmdns} caches the PTR record of forged instance {@code n}, unexpired. */
    private static boolean cached(JmDNSImpl jmdns, int n) {
        long now = System.currentTimeMillis();
        return jmdns.getCache().allValues().stream()
                .filter(entry -> entry.getRecordType() == DNSRecordType.TYPE_PTR)
                .map(DNSRecord.class::cast)
                .anyMatch(record -> !record.isExpired(now)
                        && record.getServiceInfo().getName().equals(ForgedMdns.PREFIX + n));
    }
}
