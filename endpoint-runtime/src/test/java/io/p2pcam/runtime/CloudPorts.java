package io.p2pcam.runtime;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A UDP socket and a TCP listener on one loopback port number, as the cloud has (docs/PROTOCOL.md §3.1). */
record CloudPorts(DatagramSocket udp, ServerSocket tcp) implements AutoCloseable {
    static CloudPorts open() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int tries = 0; ; tries++) {
            ServerSocket tcp = new ServerSocket(0, 4, loopback);
            try {
                return new CloudPorts(new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort())), tcp);
            } catch (BindException e) {
                tcp.close();
                if (tries == 20) {
                    throw e;
                }
            }
        }
    }

    /** The cloud's address: both ports'. */
    InetSocketAddress address() {
        return new InetSocketAddress(udp.getLocalAddress(), udp.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}
