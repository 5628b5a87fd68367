package io.p2pcam.cloud.endtoend;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.CloudEvents;
import io.p2pcam.cloud.core.Rendezvous;
import io.p2pcam.cloud.core.SignatureCheck;
import io.p2pcam.cloud.core.Transmit;
import io.p2pcam.protocol.endpoint.DatagramEndpoint;
import io.p2pcam.protocol.endpoint.Outgoing;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;

/** Endpoints (cloud, cameras, viewers) on an in-memory network with a fake clock; datagrams arrive at once. */
final class EndpointNetwork {
    final Map<InetSocketAddress, DatagramEndpoint> hosts = new LinkedHashMap<>();
    long now = 1_000;
    long delivered;
    /** Datagrams from the first address to the second that the network drops (a NAT's filter, say). */
    BiPredicate<InetSocketAddress, InetSocketAddress> blocked = (from, to) -> false;

    /** The real cloud core as an endpoint. */
    static final class Cloud implements DatagramEndpoint {
        final Rendezvous core;

        Cloud(CloudConfig config, long now) {
            core = new Rendezvous(config, new SplittableRandom(5), CloudEvents.NONE, now);
        }

        @Override
        public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {
            core.handleDatagram(data, offset, length, from, now);
            // Signature checks run at once, as a verifier pool with no delay would.
            for (SignatureCheck check = core.pollSignatureCheck(); check != null; check = core.pollSignatureCheck()) {
                core.signatureChecked(check, check.verify(), now);
            }
        }

        @Override
        public Outgoing pollTransmit() {
            Transmit transmit = core.pollTransmit();
            return transmit == null ? null : new Outgoing(transmit.to(), transmit.data());
        }

        @Override
        public long nextTimeout() {
            return core.nextTimeout();
        }

        @Override
        public void handleTimeout(long now) {
            core.handleTimeout(now);
        }
    }

    void attach(InetSocketAddress address, DatagramEndpoint endpoint) {
        hosts.put(address, endpoint);
        flush();
    }

    void detach(InetSocketAddress address) {
        hosts.remove(address);
    }

    /** Delivers everything queued, repeatedly, until the network is quiet. */
    void flush() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Map.Entry<InetSocketAddress, DatagramEndpoint> host :
                    Map.copyOf(hosts).entrySet()) {
                Outgoing out;
                while ((out = host.getValue().pollTransmit()) != null) {
                    moved = true;
                    DatagramEndpoint to = hosts.get(out.to());
                    if (to != null && !blocked.test(host.getKey(), out.to())) {
                        delivered++;
                        to.handleDatagram(out.data(), 0, out.data().length, host.getKey(), now);
                    }
                }
            }
        }
    }

    void advance(long millis) {
        long end = now + millis;
        while (true) {
            long next = hosts.values().stream()
                    .mapToLong(DatagramEndpoint::nextTimeout)
                    .min()
                    .orElse(Long.MAX_VALUE);
            if (next > end) {
                break;
            }
            now = Math.max(now, next);
            for (DatagramEndpoint host : List.copyOf(hosts.values())) {
                if (host.nextTimeout() <= now) {
                    host.handleTimeout(now);
                }
            }
            flush();
        }
        now = end;
        flush();
    }
}
