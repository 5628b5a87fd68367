package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.testing.Addresses;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A cloud, cameras and viewers wired together in memory on a fake clock: datagrams are delivered
 * at once, time moves only when a test says so. Every reply the cloud sends to an address is
 * checked against the anti-amplification rule (never larger than the largest datagram that
 * address sent, unless it is a registered camera receiving a forward).
 */
final class InMemoryNetwork {
    static final InetSocketAddress CLOUD = address("203.0.113.1", 32100);

    final SplittableRandom random = new SplittableRandom(42);
    final CountingEvents events = new CountingEvents();
    final Map<InetSocketAddress, Peer> peers = new HashMap<>();
    final Map<InetSocketAddress, Integer> largestSent = new HashMap<>();
    final List<InetSocketAddress> cameraAddresses = new ArrayList<>();
    final List<Delivered> toStrangers = new ArrayList<>();
    /** Everything the cloud sent, to peers and strangers alike. */
    final List<Delivered> sentByCloud = new ArrayList<>();
    /** Every datagram sent to the cloud, with its source. */
    final List<Received> sentToCloud = new ArrayList<>();

    Rendezvous cloud;
    long now = 1_000_000;
    /** Signature checks run at once (a verifier pool with no delay); false holds them in {@link #heldChecks}. */
    boolean checkSignaturesAtOnce = true;

    final List<SignatureCheck> heldChecks = new ArrayList<>();
    int signaturesChecked;

    /** A datagram the cloud sent, and the lane it named for it ({@link Transmit}). */
    record Delivered(InetSocketAddress to, CloudMessage message, Lane lane) {
        Delivered(InetSocketAddress to, CloudMessage message) {
            this(to, message, Lane.UDP);
        }
    }

    record Received(InetSocketAddress from, byte[] datagram) {}

    /** Something with an address that the cloud's datagrams reach. */
    interface Peer {
        void receive(CloudMessage message, long now);
    }

    /** The node secrets of resumption tickets, as a node's key file would keep them across restarts. */
    final Resumption resumption = Resumption.ephemeral(random);

    InMemoryNetwork(CloudConfig config) {
        cloud = new Rendezvous(config, random, events, now, CLOUD::equals, resumption);
    }

    /** A restart that loses everything, the ticket keys included (a node without a state directory). */
    void restartCloud(CloudConfig config) {
        cloud = new Rendezvous(config, random.split(), events, now, CLOUD::equals);
    }

    /** A restart with the ticket keys of {@code kept} (a node that keeps its state directory). */
    void restartCloud(CloudConfig config, Resumption kept) {
        cloud = new Rendezvous(config, random.split(), events, now, CLOUD::equals, kept);
    }

    /** Sends raw bytes from {@code from} to the cloud over UDP and delivers whatever results. */
    void sendToCloud(InetSocketAddress from, byte[] datagram) {
        sendToCloud(from, datagram, Lane.UDP);
    }

    /**
     * Sends raw bytes from {@code from} to the cloud over {@code lane} (TCP: as the server feeds a
     * frame of a connection from that address) and delivers whatever results.
     */
    void sendToCloud(InetSocketAddress from, byte[] datagram, Lane lane) {
        largestSent.merge(from, datagram.length, Math::max);
        sentToCloud.add(new Received(from, datagram.clone()));
        cloud.handleDatagram(datagram, 0, datagram.length, new ClientAddress(from, lane), now);
        deliver();
    }

    /**
     * Registers {@code camera} from {@code from} over UDP, announcing {@code candidates}: a HELLO,
     * then a REGISTER signed over its challenge's cookie, the signature checked at once.
     */
    Registered register(CameraIdentity camera, InetSocketAddress from, List<Candidate> candidates) {
        sendToCloud(from, CloudCodec.encode(new RegisterHello(1, camera.publicKey())));
        RegisterChallenge challenge = (RegisterChallenge) sentByCloud.getLast().message();
        byte[] signed = CloudCodec.registerSignedBytes(1, camera.publicKey(), challenge.cookie(), candidates);
        sendToCloud(
                from,
                CloudCodec.encode(new Register(
                        1,
                        camera.publicKey(),
                        challenge.cookie(),
                        candidates,
                        Bytes.of(camera.sign(signed, 0, signed.length)))));
        return (Registered) sentByCloud.getLast().message();
    }

    /** Runs the held signature checks, as a verifier pool catching up would, and delivers what results. */
    void runHeldChecks() {
        List<SignatureCheck> checks = List.copyOf(heldChecks);
        heldChecks.clear();
        for (SignatureCheck check : checks) {
            signaturesChecked++;
            cloud.signatureChecked(check, check.verify(), now);
        }
        deliver();
    }

    void deliver() {
        for (SignatureCheck check = cloud.pollSignatureCheck(); check != null; check = cloud.pollSignatureCheck()) {
            if (checkSignaturesAtOnce) {
                signaturesChecked++;
                cloud.signatureChecked(check, check.verify(), now);
            } else {
                heldChecks.add(check);
            }
        }
        Transmit transmit;
        while ((transmit = cloud.pollTransmit()) != null) {
            CloudMessage message;
            try {
                message = CloudCodec.decode(transmit.data());
            } catch (CloudDecodeException e) {
                throw new AssertionError("the cloud sent something undecodable", e);
            }
            if (message.type() != io.p2pcam.protocol.cloud.MessageType.CONNECT_FORWARD) {
                assertThat(transmit.data().length)
                        .as("reply %s to %s is no larger than what that address sent", message.type(), transmit.to())
                        .isLessThanOrEqualTo(largestSent.getOrDefault(transmit.to(), 0));
            }
            sentByCloud.add(new Delivered(transmit.to(), message, transmit.lane()));
            Peer peer = peers.get(transmit.to());
            if (peer == null) {
                toStrangers.add(new Delivered(transmit.to(), message, transmit.lane()));
            } else {
                peer.receive(message, now);
            }
        }
    }

    /** Advances the clock in steps, running every timer that falls due. */
    void advance(long millis) {
        long end = now + millis;
        while (true) {
            long next = Math.min(
                    cloud.nextTimeout(),
                    peers.values().stream()
                            .mapToLong(p -> p instanceof SimulatedCamera c
                                    ? c.registration.nextTimeout()
                                    : p instanceof SimulatedViewer v && v.attempt != null
                                            ? v.attempt.nextTimeout()
                                            : Long.MAX_VALUE)
                            .min()
                            .orElse(Long.MAX_VALUE));
            if (next > end) {
                break;
            }
            now = Math.max(now, next);
            cloud.handleTimeout(now);
            deliver();
            for (Peer peer : List.copyOf(peers.values())) {
                if (peer instanceof SimulatedCamera camera) {
                    camera.registration.handleTimeout(now);
                    camera.flush();
                } else if (peer instanceof SimulatedViewer viewer && viewer.attempt != null) {
                    viewer.attempt.handleTimeout(now);
                    viewer.flush();
                }
            }
        }
        now = end;
    }

    static InetSocketAddress address(String ip, int port) {
        return Addresses.address(ip, port);
    }

    /** Counts everything the cloud reports. */
    static final class CountingEvents implements CloudEvents {
        final Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);
        final Map<RegistrationOutcome, Integer> registrations = new EnumMap<>(RegistrationOutcome.class);
        final Map<ConnectOutcome, Integer> connects = new EnumMap<>(ConnectOutcome.class);
        final Map<PassVerdict, Integer> passes = new EnumMap<>(PassVerdict.class);
        int online;

        @Override
        public void dropped(DropReason reason) {
            drops.merge(reason, 1, Integer::sum);
        }

        @Override
        public void registration(RegistrationOutcome outcome) {
            registrations.merge(outcome, 1, Integer::sum);
        }

        @Override
        public void connect(ConnectOutcome outcome) {
            connects.merge(outcome, 1, Integer::sum);
        }

        @Override
        public void connectPass(PassVerdict verdict) {
            passes.merge(verdict, 1, Integer::sum);
        }

        @Override
        public void camerasOnline(int count) {
            online = count;
        }

        int drops(DropReason reason) {
            return drops.getOrDefault(reason, 0);
        }

        int totalDrops() {
            return drops.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}
