package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.CloudEvents;
import io.p2pcam.cloud.core.OwnAddresses;
import io.p2pcam.cloud.core.Rendezvous;
import io.p2pcam.cloud.core.Resumption;
import io.p2pcam.cloud.core.SignatureCheck;
import io.p2pcam.cloud.core.Transmit;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.CameraRegistrationEvent;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a node's hot paths before it serves anyone (docs/ADMIN.md, "Sizing"): a throwaway core
 * with throwaway ticket keys, and a few hundred in-memory cameras running the real
 * {@link CameraRegistration} against it, through everything a restart storm and the steady state
 * send: signed registrations, keepalives, lookups, connects with their forward and answer, and
 * rounds of "the node restarted" (KEEPALIVE → NOT_REGISTERED, HELLO → CHALLENGE, RESUME →
 * REGISTERED). A JVM that has just started interprets that code for its first seconds and then
 * compiles it while it serves; a node restarted under a million cameras meets its storm then
 * (docs/BENCHMARKS.md, "A million cameras per node": a few thousand cameras a second in its
 * first seconds). After the warm-up the compiler has seen each path some ten thousand times.
 *
 * <p>Leaves nothing behind: the core, its table, its keys, the cameras and the datagrams are
 * local to {@link #run} and are garbage when it returns; nothing touches a socket, the node's
 * metrics or its state directory. The camera-side crypto (Ed25519 signatures, the ticket's
 * X25519 opening) is warmed too, which the node does not need but costs only the camera count.
 */
public final class CloudWarmUp {
    /** What a warm-up did: cameras registered, restart rounds, datagrams the core handled. */
    public record Outcome(int cameras, int rounds, long datagrams, int camerasOnline) {}

    private static final long ROUND_MILLIS = 30_000;
    private static final CloudConfig.RateLimit UNLIMITED = new CloudConfig.RateLimit(1_000_000, 1_000_000);

    private final SecureRandom random;
    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private final Map<InetSocketAddress, Integer> cameraAt = new HashMap<>();
    private final List<CameraRegistration> cameras = new ArrayList<>();
    private final List<CameraId> ids = new ArrayList<>();
    private final CloudConfig config;
    private Rendezvous core;
    private long now = 1_000_000;
    private long datagrams;

    private CloudWarmUp(int cameraCount, SecureRandom random) {
        this.random = random;
        this.config = CloudConfig.defaults().withMaxCameras(cameraCount * 2).withRates(UNLIMITED, UNLIMITED);
    }

    /**
     * Registers {@code cameraCount} cameras with a throwaway core, then runs {@code rounds} rounds of
     * keepalives, lookups, connects and a restart brought back by RESUME.
     */
    public static Outcome run(int cameraCount, int rounds, SecureRandom keys) {
        if (cameraCount < 1 || rounds < 1) {
            throw new IllegalArgumentException("a warm-up needs cameras and rounds: " + cameraCount + ", " + rounds);
        }
        CloudWarmUp warmUp = new CloudWarmUp(cameraCount, keys);
        Resumption resumption = Resumption.ephemeral(keys);
        try {
            warmUp.start(resumption);
            for (int i = 0; i < cameraCount; i++) {
                warmUp.addCamera(i, keys);
            }
            for (int round = 0; round < rounds; round++) {
                warmUp.keepalives();
                warmUp.lookupsAndConnects();
                warmUp.start(resumption); // the node restarted: every camera comes back with its ticket
                warmUp.keepalives();
            }
        } catch (CloudDecodeException | UnknownHostException e) {
            throw new IllegalStateException("the warm-up's own datagrams failed: " + e, e);
        }
        return new Outcome(cameraCount, rounds, warmUp.datagrams, warmUp.core.camerasOnline());
    }

    private void start(Resumption resumption) {
        core = new Rendezvous(config, random, CloudEvents.NONE, now, OwnAddresses.NONE, resumption);
    }

    private void addCamera(int index, SecureRandom keys) throws UnknownHostException, CloudDecodeException {
        InetSocketAddress address = new InetSocketAddress(
                InetAddress.getByAddress(new byte[] {10, (byte) (index >> 16), (byte) (index >> 8), (byte) index}),
                40_000);
        CameraIdentity identity = CameraIdentity.generate(keys);
        CameraRegistration camera = new CameraRegistration(identity, List.of(Candidate.local(address)), random, now);
        cameraAt.put(address, cameras.size());
        addresses.add(address);
        cameras.add(camera);
        ids.add(identity.id());
        pump(address, camera);
    }

    /** Every camera's next keepalive is due: acked, or NOT_REGISTERED and the way back. */
    private void keepalives() throws CloudDecodeException {
        now += ROUND_MILLIS;
        core.handleTimeout(now);
        for (int i = 0; i < cameras.size(); i++) {
            CameraRegistration camera = cameras.get(i);
            camera.handleTimeout(Math.max(now, camera.nextTimeout()));
            pump(addresses.get(i), camera);
        }
    }

    /** One LOOKUP and one CONNECT_REQUEST for each camera, from a viewer address of its own, answered. */
    private void lookupsAndConnects() throws CloudDecodeException, UnknownHostException {
        byte[] handshake = new byte[96];
        for (int i = 0; i < cameras.size(); i++) {
            InetSocketAddress viewer = new InetSocketAddress(
                    InetAddress.getByAddress(new byte[] {11, (byte) (i >> 16), (byte) (i >> 8), (byte) i}), 50_000);
            long transaction = random.nextLong();
            toCore(CloudCodec.encode(new Lookup(transaction, ids.get(i))), viewer);
            toCore(
                    CloudCodec.encode(new ConnectRequest(
                            transaction + 1, ids.get(i), List.of(Candidate.local(viewer)), Bytes.of(handshake))),
                    viewer);
            deliver(viewer, null);
            CameraRegistration camera = cameras.get(i);
            for (CameraRegistrationEvent event = camera.pollEvent(); event != null; event = camera.pollEvent()) {
                if (event instanceof CameraRegistrationEvent.ConnectForwarded forward) {
                    camera.answer(
                            forward.forwardId(),
                            true,
                            List.of(Candidate.local(addresses.get(i))),
                            Bytes.of(new byte[48]));
                }
            }
            pump(addresses.get(i), camera);
            deliver(viewer, null); // the CONNECT_RESULT
        }
    }

    /** Sends everything the camera wants to send, and everything the core answers back, until quiet. */
    private void pump(InetSocketAddress address, CameraRegistration camera) throws CloudDecodeException {
        for (byte[] out = camera.pollTransmit(); out != null; out = camera.pollTransmit()) {
            toCore(out, address);
            deliver(address, camera);
        }
        while (camera.pollEvent() != null) {
            // registration events: nothing to do
        }
    }

    private void toCore(byte[] datagram, InetSocketAddress from) {
        core.handleDatagram(datagram, 0, datagram.length, from, now);
        datagrams++;
        for (SignatureCheck check = core.pollSignatureCheck(); check != null; check = core.pollSignatureCheck()) {
            core.signatureChecked(check, check.verify(), now);
        }
    }

    /**
     * Hands what the core sent to {@code camera} to it (a forward stays queued as an event for the
     * caller), and drops what it sent anyone else (a viewer's answers).
     */
    private void deliver(InetSocketAddress to, CameraRegistration camera) throws CloudDecodeException {
        List<Transmit> transmits = new ArrayList<>();
        for (Transmit transmit = core.pollTransmit(); transmit != null; transmit = core.pollTransmit()) {
            transmits.add(transmit);
        }
        for (Transmit transmit : transmits) {
            if (camera != null && transmit.to().equals(to)) {
                camera.handleMessage(CloudCodec.decode(transmit.data()), now);
            } else {
                Integer index = cameraAt.get(transmit.to()); // a forward to a camera
                if (index != null) {
                    cameras.get(index).handleMessage(CloudCodec.decode(transmit.data()), now);
                }
            }
        }
    }
}
