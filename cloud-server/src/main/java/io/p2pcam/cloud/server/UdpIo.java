package io.p2pcam.cloud.server;

import io.netty.channel.epoll.Epoll;
import java.util.Locale;

/**
 * What drives the cloud's UDP sockets (decision 0081): {@link #NATIVE}, a socket of our own made
 * and driven through the FFM API on Netty's epoll event loops ({@link NativeUdpEdge}), without
 * Netty's per-datagram objects; or {@link #NETTY}, Netty's datagram channel (epoll, or NIO where
 * epoll is unavailable). NATIVE is asked for by default and falls back to NETTY where it cannot
 * run: not Linux on x86-64 or aarch64, no epoll, or native access not enabled.
 */
public enum UdpIo {
    NATIVE,
    NETTY;

    /** What is used when {@code asked} is, with why NATIVE fell back (null when it did not). */
    public record Choice(UdpIo io, String fallbackReason) {}

    /** {@code asked}, or NETTY with the reason when NATIVE cannot run here. */
    public static Choice choose(UdpIo asked, UdpTransport transport) {
        if (asked == NETTY) {
            return new Choice(NETTY, null);
        }
        // The sockets' own reason first: without native access epoll fails too, and that is its cause.
        if (!LinuxSocketCalls.available()) {
            return new Choice(
                    NETTY, String.valueOf(LinuxSocketCalls.unavailableBecause().getMessage()));
        }
        if (transport != UdpTransport.EPOLL) {
            Throwable cause = Epoll.unavailabilityCause();
            return new Choice(NETTY, "no epoll event loop" + (cause == null ? "" : " (" + cause + ")"));
        }
        return new Choice(NATIVE, null);
    }

    /** The option's spelling: {@code native} or {@code netty}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
