package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LanLinkWatchTest {
    private static final LanLink HOME = link("192.0.2.10", 24);
    private static final LanLink OFFICE = link("198.18.0.20", 24);

    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger reads = new AtomicInteger();
    private final Deque<LanLink> links = new ArrayDeque<>();

    private static LanLink link(String address, int length) {
        return new LanLink(List.of(new LanLink.Prefix(InetAddress.ofLiteral(address), length)));
    }

    private LanLinkWatch watch() {
        return new LanLinkWatch(
                () -> {
                    reads.incrementAndGet();
                    return links.size() > 1 ? links.pop() : links.peek();
                },
                now::get);
    }

    @Test
    void aHostThatJoinedAnotherNetworkHearsItsCamerasOnceTheLinksAreReadAgain() {
        links.add(HOME);
        links.add(OFFICE);
        LanLinkWatch watch = watch();
        InetAddress officeCamera = InetAddress.ofLiteral("198.18.0.7");

        assertThat(watch.onLink(officeCamera))
                .as("read at start: the home network only")
                .isFalse();
        now.addAndGet(LanLinkWatch.REREAD_MILLIS);

        assertThat(watch.onLink(officeCamera))
                .as("the links read again: the office's")
                .isTrue();
        assertThat(watch.onLink(InetAddress.ofLiteral("192.0.2.7")))
                .as("home left")
                .isFalse();
    }

    @Test
    void sendersOffTheLinkMakeTheLinksBeReadAtMostOncePerPeriod() {
        links.add(HOME);
        LanLinkWatch watch = watch();

        for (int i = 0; i <= 10_000; i++) {
            assertThat(watch.onLink(InetAddress.ofLiteral("203.0.113." + (i % 250 + 1))))
                    .isFalse();
            now.addAndGet(1);
        }

        assertThat(reads.get())
                .as("one at start and one per 5 s of the 10 s flood")
                .isEqualTo(3);
    }

    @Test
    void sendersOnTheLinkNeverMakeTheLinksBeRead() {
        links.add(HOME);
        LanLinkWatch watch = watch();
        now.addAndGet(60_000);

        assertThat(watch.onLink(InetAddress.ofLiteral("192.0.2.7"))).isTrue();
        assertThat(reads.get()).isEqualTo(1);
    }
}
