package io.p2pcam.cloud.core;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address and port in {@value #BYTES} fixed bytes, as the core's packed tables keep them
 * ({@link RegistrationTable}'s slots, {@link AnsweredConnects}' keys): family (4 or 6), the IP in
 * 16 bytes (an IPv4 one zero-padded), the port big-endian. Stateless.
 */
final class PackedAddress {
    static final int BYTES = 19;

    private PackedAddress() {}

    /** Writes {@code address} into {@code target} at {@code at}. */
    static void write(byte[] target, int at, InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        target[at] = (byte) (ip.length == 4 ? 4 : 6);
        System.arraycopy(ip, 0, target, at + 1, ip.length);
        Arrays.fill(target, at + 1 + ip.length, at + 17, (byte) 0);
        target[at + 17] = (byte) (address.getPort() >>> 8);
        target[at + 18] = (byte) address.getPort();
    }

    /** The address written at the start of {@code source}. */
    static InetSocketAddress read(byte[] source) {
        int length = source[0] == 4 ? 4 : 16;
        try {
            InetAddress ip = InetAddress.getByAddress(Arrays.copyOfRange(source, 1, 1 + length));
            return new InetSocketAddress(ip, (source[17] & 0xff) << 8 | source[18] & 0xff);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 and 16 bytes are always an address", e);
        }
    }
}
