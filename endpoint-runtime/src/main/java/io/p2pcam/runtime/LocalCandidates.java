package io.p2pcam.runtime;

import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The addresses at which this host may be reached on its own networks: the LOCAL candidates a
 * camera or viewer announces. IPv4 first (most LANs), then global IPv6; link-local IPv6 is left
 * out (it needs a scope a peer cannot know), and so is all IPv6 on an IPv4-only JVM
 * ({@code java.net.preferIPv4Stack}). A socket bound to one specific address announces just that
 * one. The endpoints keep only peer candidates of a family found here.
 */
public final class LocalCandidates {
    private LocalCandidates() {}

    public static List<Candidate> of(InetSocketAddress bound) {
        if (!bound.getAddress().isAnyLocalAddress()) {
            return List.of(Candidate.local(bound));
        }
        List<Candidate> v4 = new ArrayList<>();
        List<Candidate> v6 = new ArrayList<>();
        List<Candidate> loopback = new ArrayList<>();
        // An IPv4-only JVM cannot send to IPv6 at all: announcing its IPv6 addresses would only
        // make peers offer IPv6 candidates back that its socket refuses.
        boolean ipv4Only = Boolean.getBoolean("java.net.preferIPv4Stack");
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    Candidate candidate = Candidate.local(new InetSocketAddress(address, bound.getPort()));
                    if (address.isLoopbackAddress()) {
                        if (address instanceof Inet4Address) {
                            loopback.add(candidate);
                        }
                    } else if (address instanceof Inet4Address) {
                        v4.add(candidate);
                    } else if (address instanceof Inet6Address && !address.isLinkLocalAddress() && !ipv4Only) {
                        v6.add(candidate);
                    }
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        List<Candidate> all = new ArrayList<>(v4);
        all.addAll(v6);
        all.addAll(loopback); // same-host peers (the demo) find each other here
        return all.subList(0, Math.min(all.size(), CloudCodec.MAX_CANDIDATES - 1));
    }
}
