package io.p2pcam.viewer.config;

import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * "Host the cloud on this PC": the bundled rendezvous cloud running inside the viewer, on all
 * interfaces, so that cameras on the LAN (or, with a forwarded port, anywhere) register here and
 * the viewer needs no outside server. Its health endpoint stays off: the viewer is its only user.
 */
public final class HostedCloud implements CloudHost.Hosted {
    private final CloudServer server;

    private HostedCloud(CloudServer server) {
        this.server = server;
    }

    /** Starts listening on UDP {@code port} of every interface (0: any free port). */
    public static HostedCloud start(int port) throws IOException {
        CloudServerSettings settings = CloudServerSettings.defaults()
                .withBindAddress(InetAddress.getByAddress(new byte[4]))
                .withUdpPort(port)
                .withHttpPort(CloudServerSettings.HTTP_OFF);
        return new HostedCloud(CloudServer.start(settings));
    }

    @Override
    public int port() {
        return server.udpAddress().getPort();
    }

    @Override
    public InetSocketAddress loopbackAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** The addresses cameras should be given: this PC's IPv4 addresses on its networks, with the port. */
    @Override
    public List<String> addressesForCameras() {
        List<String> addresses = new ArrayList<>();
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp() || network.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        addresses.add(address.getHostAddress() + ":" + port());
                    }
                }
            }
        } catch (SocketException e) {
            // No interfaces to list: the loopback address below still serves cameras on this PC.
        }
        if (addresses.isEmpty()) {
            addresses.add("127.0.0.1:" + port());
        }
        return addresses;
    }

    @Override
    public void close() {
        server.close();
    }
}
