package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a restart storm costs the cloud per camera, in-process on one thread (no sockets): every
 * camera runs the real {@link CameraRegistration}, registers once, then the node restarts and each
 * camera's next keepalive starts its way back (KEEPALIVE → NOT_REGISTERED, HELLO → CHALLENGE,
 * RESUME or REGISTER → REGISTERED). Only the time inside the core's calls (and, for signed
 * registrations, the signature check and ticket seal the verifier pool would run) is counted.
 * Once with the node's ticket keys kept (RESUME: a MAC check), once with new keys (the ticket is
 * refused, the camera signs). Not a unit test: run by bench/restart-storm.sh, figures in
 * docs/BENCHMARKS.md.
 */
@Tag("benchmark")
class RestartStormBenchmarkTest {
    private static final Logger log = LoggerFactory.getLogger(RestartStormBenchmarkTest.class);
    private static final int CAMERAS = Integer.getInteger("p2pcam.bench.cameras", 5_000);

    private final SplittableRandom random = new SplittableRandom(1);
    private final Map<InetSocketAddress, CameraRegistration> cameras = new HashMap<>();
    private Rendezvous cloud;
    private long now = 1_000_000;
    private long cloudNanos;

    @Test
    void aResumeStormCostsTheCoreAFractionOfASignedOne() throws Exception {
        Resumption resumption = Resumption.ephemeral(new SecureRandom());
        SecureRandom keys = new SecureRandom();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int i = 0; i < CAMERAS; i++) {
            InetSocketAddress address = new InetSocketAddress(
                    InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}), 40_000);
            addresses.add(address);
            cameras.put(address, new CameraRegistration(CameraIdentity.generate(keys), List.of(), random.split(), now));
        }
        double[] resumed = new double[3];
        double[] signed = new double[3];
        for (int round = 0; round < 3; round++) {
            restart(resumption);
            storm(addresses); // first registrations (signed), or back from the previous round
            restart(resumption);
            resumed[round] = storm(addresses);
            restart(Resumption.ephemeral(new SecureRandom())); // a node that lost its keys: every ticket refused
            signed[round] = storm(addresses);
        }
        log.info(
                "Restart storm, {} cameras, one thread, core time per camera back: with tickets {} µs ({} cameras/s), "
                        + "tickets refused and signed {} µs ({} cameras/s)",
                CAMERAS,
                Math.round(resumed[2]),
                Math.round(1e6 / resumed[2]),
                Math.round(signed[2]),
                Math.round(1e6 / signed[2]));
        assertThat(resumed[2]).isLessThan(signed[2]);
    }

    private void restart(Resumption resumption) {
        CloudConfig config = CloudConfig.defaults().withMaxCameras(CAMERAS * 2);
        cloud = new Rendezvous(config, random.split(), CloudEvents.NONE, now, OwnAddresses.NONE, resumption);
    }

    /** Runs every camera until it is registered with the current cloud; returns core µs per camera. */
    private double storm(List<InetSocketAddress> addresses) throws CloudDecodeException {
        cloudNanos = 0;
        now += 30_000; // every camera's keepalive is due
        for (InetSocketAddress address : addresses) {
            CameraRegistration camera = cameras.get(address);
            camera.handleTimeout(Math.max(now, camera.nextTimeout()));
            pump(address, camera);
        }
        long missing = cameras.values().stream()
                .filter(c -> c.state() != CameraRegistration.State.REGISTERED)
                .count();
        assertThat(missing).as("cameras not back").isZero();
        assertThat(cloud.camerasOnline()).isEqualTo(CAMERAS);
        return cloudNanos / 1e3 / CAMERAS;
    }

    private void pump(InetSocketAddress address, CameraRegistration camera) throws CloudDecodeException {
        for (byte[] out = camera.pollTransmit(); out != null; out = camera.pollTransmit()) {
            long start = System.nanoTime();
            cloud.handleDatagram(out, 0, out.length, address, now);
            for (SignatureCheck check = cloud.pollSignatureCheck(); check != null; check = cloud.pollSignatureCheck()) {
                cloud.signatureChecked(check, check.verify(), now);
            }
            List<byte[]> replies = new ArrayList<>();
            for (Transmit t = cloud.pollTransmit(); t != null; t = cloud.pollTransmit()) {
                replies.add(t.data());
            }
            cloudNanos += System.nanoTime() - start;
            for (byte[] reply : replies) {
                camera.handleMessage(CloudCodec.decode(reply), now);
            }
        }
    }
}
