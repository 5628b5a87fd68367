package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.junit.jupiter.api.Test;

/** The pool of extra sockets an endpoint asks for by number (birthday probing). */
class ExtraSocketsTest {
    @Test
    void socketsOpenOnFirstUseOnTheMainAddressEachRegisteredWithItsNumber() throws Exception {
        try (DatagramChannel main = DatagramChannel.open();
                Selector selector = Selector.open()) {
            main.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (ExtraSockets extra = new ExtraSockets(main, selector)) {
                DatagramChannel third = extra.get(3);
                assertThat(selector.keys()).hasSize(3); // 1 and 2 opened on the way
                assertThat(((InetSocketAddress) third.getLocalAddress()).getAddress())
                        .isEqualTo(InetAddress.getLoopbackAddress());
                assertThat(extra.get(3)).isSameAs(third).isSameAs(extra.opened(3));
                assertThat(selector.keys()).extracting(SelectionKey::attachment).containsExactlyInAnyOrder(1, 2, 3);
            }
        }
    }

    @Test
    void noSocketBeyondTheLimit() throws Exception {
        try (DatagramChannel main = DatagramChannel.open();
                Selector selector = Selector.open()) {
            main.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (ExtraSockets extra = new ExtraSockets(main, selector)) {
                assertThat(extra.get(ExtraSockets.MAX_EXTRA_SOCKETS + 1)).isNull();
                assertThat(selector.keys()).isEmpty();
            }
        }
    }

    @Test
    void closingThePoolClosesEverySocket() throws Exception {
        try (DatagramChannel main = DatagramChannel.open();
                Selector selector = Selector.open()) {
            main.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ExtraSockets extra = new ExtraSockets(main, selector);
            DatagramChannel first = extra.get(1);
            DatagramChannel second = extra.get(2);
            extra.close();
            assertThat(first.isOpen()).isFalse();
            assertThat(second.isOpen()).isFalse();
        }
    }
}
