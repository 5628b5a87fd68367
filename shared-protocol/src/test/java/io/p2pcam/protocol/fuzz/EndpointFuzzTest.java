package io.p2pcam.protocol.fuzz;

import static io.p2pcam.protocol.testing.Addresses.address;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.ForwardTag;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.endpoint.Outgoing;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.Tai64n;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.CameraHandshake;
import io.p2pcam.protocol.session.RawFirstMessage;
import io.p2pcam.protocol.session.SessionTimers;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * "handleDatagram never throws", fuzzed, for both endpoints: whatever arrives from the cloud's
 * address or a stranger's, and whatever an authentic Noise first message carries inside, costs
 * that datagram and nothing else (invariant 4). Seeds under
 * src/test/resources/io/p2pcam/protocol/fuzz/EndpointFuzzTestInputs.
 */
class EndpointFuzzTest {
    private static final InetSocketAddress CLOUD = address("203.0.113.1", 32100);
    private static final InetSocketAddress CAMERA = address("203.0.113.50", 40000);
    private static final InetSocketAddress STRANGER = address("198.51.100.66", 41000);
    private static final InetSocketAddress STRANGER_V6 = address("2001:db8::66", 41000);
    private static final CameraIdentity IDENTITY = CameraIdentity.generate(seeded(1));
    /** The camera's wall clock, fixed: first messages are stamped with it. */
    private static final InstantSource WALL = InstantSource.fixed(Instant.ofEpochMilli(1_796_000_000_000L));

    /** A SecureRandom that repeats itself, so that a crashing input reproduces. */
    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A camera registered with a cloud at {@link #CLOUD} (the registration replayed by hand). */
    private static CameraEndpoint registeredCamera() {
        CameraEndpoint camera = new CameraEndpoint(
                IDENTITY,
                CLOUD,
                new CameraHandshake.Access(
                        Password.of("pw"),
                        new PairingStore(
                                IDENTITY.noiseStaticKey(), PairingStore.Snapshot.empty(), PairingStore.Journal.NONE),
                        UnpairedBudget.Limits.DEFAULTS,
                        WALL),
                List.of(Candidate.local(CAMERA)),
                new CameraStream(640, 360, 30),
                4,
                seeded(2),
                new SplittableRandom(3),
                SessionTimers.DEFAULT,
                0);
        long hello = sentToCloud(camera).transaction();
        fromCloud(camera, new CloudMessage.RegisterChallenge(hello, Bytes.of(new byte[CloudCodec.COOKIE_BYTES])));
        long register = sentToCloud(camera).transaction();
        fromCloud(
                camera,
                new CloudMessage.Registered(
                        register,
                        Candidate.reflexive(CAMERA),
                        Bytes.of(new byte[CloudCodec.TOKEN_BYTES]),
                        20_000,
                        65_000,
                        0));
        return camera;
    }

    private static CloudMessage sentToCloud(CameraEndpoint camera) {
        Outgoing out;
        while ((out = camera.pollTransmit()) != null) {
            if (out.to().equals(CLOUD)) {
                try {
                    return CloudCodec.decode(out.data());
                } catch (CloudDecodeException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError("the camera sent nothing to the cloud");
    }

    private static void fromCloud(CameraEndpoint camera, CloudMessage message) {
        byte[] datagram = CloudCodec.encode(message);
        camera.handleDatagram(datagram, 0, datagram.length, CLOUD, 1);
    }

    /** A fresh handshake blob for the camera that authenticates, carrying {@code payload} as its hello. */
    private static byte[] firstMessage(byte[] payload, long now) {
        SecureRandom random = seeded(4 + now);
        return RawFirstMessage.blob(
                IDENTITY.id(),
                IDENTITY.publicKey(),
                KeyPair.generate(random),
                payload,
                Tai64n.epochNanos(WALL.instant()) + now,
                random);
    }

    /**
     * Datagrams for a registered camera ({@link FuzzRecords}; kind mod 4): 0 raw from the cloud, 1
     * raw from a stranger, 2 raw from a stranger on IPv6, 3 a CONNECT_FORWARD whose authentic first
     * message carries the bytes as its hello. Each is followed by the timeouts due.
     */
    @FuzzTest(maxDuration = "20s")
    void cameraHandleDatagramNeverThrows(byte[] input) {
        CameraEndpoint camera = registeredCamera();
        FuzzRecords records = new FuzzRecords(input);
        long now = 2;
        FuzzRecords.Entry entry;
        while ((entry = records.next()) != null) {
            byte[] bytes = entry.bytes();
            switch (entry.kind() % 4) {
                case 0 -> camera.handleDatagram(bytes, 0, bytes.length, CLOUD, now);
                case 1 -> camera.handleDatagram(bytes, 0, bytes.length, STRANGER, now);
                case 2 -> camera.handleDatagram(bytes, 0, bytes.length, STRANGER_V6, now);
                default -> {
                    byte[] first = firstMessage(Arrays.copyOf(bytes, Math.min(bytes.length, 380)), now);
                    fromCloud(
                            camera,
                            ForwardTag.seal(
                                    new CloudMessage.ConnectForward(
                                            now,
                                            List.of(Candidate.reflexive(STRANGER), Candidate.local(STRANGER_V6)),
                                            Bytes.of(first)),
                                    ForwardTag.key(Bytes.of(new byte[CloudCodec.TOKEN_BYTES]))));
                }
            }
            now += entry.advanceMillis();
            if (camera.nextTimeout() <= now) {
                camera.handleTimeout(now);
            }
            while (camera.pollTransmit() != null) {
                // sent
            }
            while (camera.pollEvent() != null) {
                // heard
            }
        }
    }

    /** Datagrams for a viewer looking the camera up ({@link FuzzRecords}; even kind: from the cloud, odd: a stranger). */
    @FuzzTest(maxDuration = "20s")
    void viewerHandleDatagramNeverThrows(byte[] input) {
        SecureRandom random = seeded(5);
        ViewerEndpoint viewer = new ViewerEndpoint(
                IDENTITY.id(),
                CLOUD,
                Password.of("pw"),
                "fuzz",
                KeyPair.generate(random),
                true,
                List.of(Candidate.local(STRANGER)),
                random,
                new SplittableRandom(6),
                SessionTimers.DEFAULT,
                WALL,
                0,
                10_000);
        FuzzRecords records = new FuzzRecords(input);
        long now = 1;
        FuzzRecords.Entry entry;
        while ((entry = records.next()) != null) {
            byte[] bytes = entry.bytes();
            viewer.handleDatagram(bytes, 0, bytes.length, entry.kind() % 2 == 0 ? CLOUD : CAMERA, now);
            now += entry.advanceMillis();
            if (viewer.nextTimeout() <= now) {
                viewer.handleTimeout(now);
            }
            while (viewer.pollTransmit() != null) {
                // sent
            }
            while (viewer.pollEvent() != null) {
                // heard
            }
        }
    }
}
