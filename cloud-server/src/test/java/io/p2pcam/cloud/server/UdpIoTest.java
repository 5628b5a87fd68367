package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Which edge drives the UDP sockets, and why the native one falls back. */
class UdpIoTest {
    @Test
    void nettyAskedForIsNettyWithNothingToExplain() {
        assertThat(UdpIo.choose(UdpIo.NETTY, UdpTransport.EPOLL)).isEqualTo(new UdpIo.Choice(UdpIo.NETTY, null));
        assertThat(UdpIo.choose(UdpIo.NETTY, UdpTransport.NIO)).isEqualTo(new UdpIo.Choice(UdpIo.NETTY, null));
    }

    @Test
    void nativeWithoutAnEpollLoopFallsBackToNettySayingWhy() {
        UdpIo.Choice choice = UdpIo.choose(UdpIo.NATIVE, UdpTransport.NIO);

        assertThat(choice.io()).isEqualTo(UdpIo.NETTY);
        assertThat(choice.fallbackReason()).startsWith("no epoll event loop");
    }

    @Test
    @EnabledOnOs(
            value = OS.LINUX,
            architectures = {"amd64", "aarch64"})
    void nativeOnLinuxWithEpollAndNativeAccessIsNative() {
        // The tests run with --enable-native-access=ALL-UNNAMED, as every launcher of the cloud does.
        assertThat(UdpIo.choose(UdpIo.NATIVE, UdpTransport.EPOLL)).isEqualTo(new UdpIo.Choice(UdpIo.NATIVE, null));
    }

    @Test
    void aCloudAskedForNativeWhereItCannotRunServesOnNetty() throws Exception {
        // What a cloud does with NATIVE asked for follows choose(): here or elsewhere, it serves.
        UdpIo.Choice expected = UdpIo.choose(UdpIo.NATIVE, UdpTransport.best());
        try (CloudServer server =
                CloudServer.start(CloudServerSettings.loopbackEphemeral().withUdpIo(UdpIo.NATIVE))) {
            assertThat(server.udpIo()).isEqualTo(expected.io());
            assertThat(server.isHealthy()).isTrue();
        }
    }
}
