package io.p2pcam.cloud.endtoend;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.CloudEvents;
import io.p2pcam.cloud.core.Rendezvous;
import io.p2pcam.cloud.core.SignatureCheck;
import io.p2pcam.cloud.core.Transmit;
import io.p2pcam.protocol.endpoint.DatagramEndpoint;
import io.p2pcam.protocol.endpoint.Outgoing;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.CameraHandshake;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;

/** Endpoints (cloud, cameras, viewers) on an in-memory network with a fake clock; datagrams arrive at once. */
final class EndpointNetwork {
    final Map<InetSocketAddress, DatagramEndpoint> hosts = new LinkedHashMap<>();
    long now = 1_000;
    /** Wall-clock time moving with {@link #now} (handshake timestamps). */
    final InstantSource wall = () -> Instant.ofEpochMilli(1_796_000_000_000L + now);

    /** What a camera admits with, pairings kept in memory (a camera restart built on the same store keeps them). */
    static CameraHandshake.Access access(
            CameraIdentity identity,
            String password,
            PairingStore.Journal journal,
            PairingStore.Snapshot snapshot,
            InstantSource wall) {
        return new CameraHandshake.Access(
                Password.of(password),
                new PairingStore(identity.noiseStaticKey(), snapshot, journal),
                UnpairedBudget.Limits.DEFAULTS,
                wall);
    }

    static CameraHandshake.Access access(CameraIdentity identity, String password, InstantSource wall) {
        return access(identity, password, PairingStore.Journal.NONE, PairingStore.Snapshot.empty(), wall);
    }

    long delivered;
    /** Datagrams from the first address to the second that the network drops (a NAT's filter, say). */
    BiPredicate<InetSocketAddress, InetSocketAddress> blocked = (from, to) -> false;
    /** Sees every datagram the network carries (an on-path observer, or a cloud that keeps copies). */
    Tap tap = (from, to, data) -> {};
    /** Datagrams the network loses, chosen by their contents (a lossy link that happens to lose an answer). */
    Loss loss = (from, to, data) -> false;

    interface Tap {
        void saw(InetSocketAddress from, InetSocketAddress to, byte[] data);
    }

    interface Loss {
        boolean loses(InetSocketAddress from, InetSocketAddress to, byte[] data);
    }

    /** A host that sends what it is told and keeps what it receives: an attacker with raw datagrams. */
    static final class RawHost implements DatagramEndpoint {
        final ArrayDeque<Outgoing> toSend = new ArrayDeque<>();
        final List<byte[]> received = new ArrayList<>();

        @Override
        public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {
            received.add(Arrays.copyOfRange(data, offset, offset + length));
        }

        @Override
        public Outgoing pollTransmit() {
            return toSend.poll();
        }

        @Override
        public long nextTimeout() {
            return Long.MAX_VALUE;
        }

        @Override
        public void handleTimeout(long now) {}
    }

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
                    tap.saw(host.getKey(), out.to(), out.data());
                    DatagramEndpoint to = hosts.get(out.to());
                    if (to != null
                            && !blocked.test(host.getKey(), out.to())
                            && !loss.loses(host.getKey(), out.to(), out.data())) {
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

    /** Everything the viewer has to say so far, taken from it. */
    static List<ViewerEvent> viewerEvents(ViewerEndpoint viewer) {
        List<ViewerEvent> events = new ArrayList<>();
        ViewerEvent event;
        while ((event = viewer.pollEvent()) != null) {
            events.add(event);
        }
        return events;
    }
}
