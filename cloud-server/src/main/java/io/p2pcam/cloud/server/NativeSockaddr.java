package io.p2pcam.cloud.server;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/**
 * Linux's {@code struct sockaddr_in} and {@code sockaddr_in6} in native memory, both ways, for
 * {@link NativeUdpSocket}. On a dual-stack (AF_INET6) socket IPv4 peers appear as IPv4-mapped IPv6
 * addresses ({@code ::ffff:a.b.c.d}, RFC 4291 §2.5.5.2): they are read as plain IPv4 addresses and
 * IPv4 destinations are written mapped, as Netty's epoll channel does, so the core sees one
 * address per peer whichever socket it came over. Stateless.
 */
final class NativeSockaddr {
    /** Room for either structure ({@code sockaddr_in6} is 28 bytes), rounded to keep slots aligned. */
    static final int BYTES = 32;

    static final int IPV4_BYTES = 16;
    static final int IPV6_BYTES = 28;

    private static final int FAMILY_AT = 0;
    private static final int PORT_AT = 2;
    private static final int IPV4_ADDRESS_AT = 4;
    private static final int IPV6_FLOW_AT = 4;
    private static final int IPV6_ADDRESS_AT = 8;
    private static final int IPV6_SCOPE_AT = 24;
    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private NativeSockaddr() {}

    /**
     * Writes {@code address} at {@code at} for a socket of {@code family}; the structure's length,
     * or -1 when that socket cannot reach it (an IPv6 address from an IPv4 socket).
     */
    static int write(MemorySegment names, long at, InetSocketAddress address, int family) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            return -1; // unresolved: nothing to send to
        }
        byte[] bytes = ip.getAddress();
        if (family == LinuxSocketCalls.AF_INET) {
            if (bytes.length != 4) {
                return -1;
            }
            names.asSlice(at, IPV4_BYTES).fill((byte) 0);
            names.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + FAMILY_AT, (short) LinuxSocketCalls.AF_INET);
            names.set(PORT, at + PORT_AT, (short) address.getPort());
            MemorySegment.copy(bytes, 0, names, ValueLayout.JAVA_BYTE, at + IPV4_ADDRESS_AT, 4);
            return IPV4_BYTES;
        }
        names.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + FAMILY_AT, (short) LinuxSocketCalls.AF_INET6);
        names.set(PORT, at + PORT_AT, (short) address.getPort());
        names.set(ValueLayout.JAVA_INT_UNALIGNED, at + IPV6_FLOW_AT, 0);
        if (bytes.length == 4) {
            names.asSlice(at + IPV6_ADDRESS_AT, 10).fill((byte) 0);
            names.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + IPV6_ADDRESS_AT + 10, (short) 0xffff);
            MemorySegment.copy(bytes, 0, names, ValueLayout.JAVA_BYTE, at + IPV6_ADDRESS_AT + 12, 4);
        } else {
            MemorySegment.copy(bytes, 0, names, ValueLayout.JAVA_BYTE, at + IPV6_ADDRESS_AT, 16);
        }
        int scope = ip instanceof Inet6Address v6 ? v6.getScopeId() : 0;
        names.set(ValueLayout.JAVA_INT_UNALIGNED, at + IPV6_SCOPE_AT, scope);
        return IPV6_BYTES;
    }

    /** The address written at {@code at} (by the kernel): IPv4-mapped IPv6 as IPv4. */
    static InetSocketAddress read(MemorySegment names, long at) {
        int family = names.get(ValueLayout.JAVA_SHORT_UNALIGNED, at + FAMILY_AT);
        int port = Short.toUnsignedInt(names.get(PORT, at + PORT_AT));
        try {
            if (family == LinuxSocketCalls.AF_INET) {
                byte[] ip = new byte[4];
                MemorySegment.copy(names, ValueLayout.JAVA_BYTE, at + IPV4_ADDRESS_AT, ip, 0, 4);
                return new InetSocketAddress(InetAddress.getByAddress(ip), port);
            }
            if (family != LinuxSocketCalls.AF_INET6) {
                throw new IllegalStateException("a UDP socket reported an address of family " + family);
            }
            byte[] ip = new byte[16];
            MemorySegment.copy(names, ValueLayout.JAVA_BYTE, at + IPV6_ADDRESS_AT, ip, 0, 16);
            int scope = names.get(ValueLayout.JAVA_INT_UNALIGNED, at + IPV6_SCOPE_AT);
            // getByAddress turns a mapped address into an Inet4Address; a link-local one keeps its scope.
            InetAddress address =
                    scope == 0 ? InetAddress.getByAddress(ip) : Inet6Address.getByAddress(null, ip, scope);
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of the right length was refused", e);
        }
    }

    /** The family of the socket {@code bindAddress} needs: IPv4 for a specific IPv4 address, else dual-stack IPv6. */
    static int familyFor(InetAddress bindAddress) {
        return bindAddress instanceof Inet4Address && !bindAddress.isAnyLocalAddress()
                ? LinuxSocketCalls.AF_INET
                : LinuxSocketCalls.AF_INET6;
    }
}
