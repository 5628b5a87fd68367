package io.p2pcam.protocol.session;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.Tai64n;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.SessionHello.Verdict;
import io.p2pcam.protocol.session.SessionHello.ViewerHello;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The camera's CPU per first message, by what happens to it (bench/handshake-cost.sh,
 * docs/BENCHMARKS.md "Handshake cost"). Messages are made beforehand; only
 * {@link CameraHandshake#answer} is timed, in thread CPU time, after a warm-up.
 */
public final class HandshakeCostBench {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final CameraIdentity CAMERA = CameraIdentity.generate(RANDOM);
    private static final FakeWallClock WALL = new FakeWallClock();

    private HandshakeCostBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            boolean print = round == 1;
            report(print, "stranger, over the unpaired budget (refused before X25519)", overBudget(n));
            report(print, "stranger, over the unpaired budget, camera with 64 pairings", overBudgetFull(n));
            report(print, "replayed first message (refused before X25519)", replays(n));
            report(print, "stranger, wrong password (full handshake: what every attempt cost before)", wrong(n));
            report(print, "paired viewer, key alone (HMAC per pairing + full handshake)", paired(n));
        }
    }

    private static void report(boolean print, String what, double micros) {
        if (print) {
            System.out.printf("%-80s %8.1f µs CPU per attempt%n", what, micros);
        }
    }

    private static CameraHandshake camera(UnpairedBudget.Limits limits, PairingStore store) {
        return new CameraHandshake(
                CAMERA, new CameraHandshake.Access(Password.of("s3cret"), store, limits, WALL), RANDOM, 0);
    }

    private static PairingStore emptyStore() {
        return new PairingStore(CAMERA.noiseStaticKey(), PairingStore.Snapshot.empty(), PairingStore.Journal.NONE);
    }

    private static UnpairedBudget.Limits unlimited() {
        return new UnpairedBudget.Limits(Integer.MAX_VALUE, 1, Integer.MAX_VALUE, 1, Integer.MAX_VALUE, 1, 4096);
    }

    private static List<Bytes> messages(int n, KeyPair key, String password) {
        List<Bytes> messages = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            WALL.advanceMillis(0);
            messages.add(new ViewerHandshake(
                            CAMERA.id(),
                            CAMERA.publicKey(),
                            key == null ? KeyPair.generate(RANDOM) : key,
                            new ViewerHello(i, true, List.of(), Password.of(password), "bench"),
                            Tai64n.epochNanos(WALL.instant()) + i,
                            RANDOM)
                    .firstMessage());
        }
        return messages;
    }

    private static double time(CameraHandshake camera, List<Bytes> messages) throws SessionException {
        InetAddress from = InetAddress.getLoopbackAddress();
        long start = CPU.getCurrentThreadCpuTime();
        for (Bytes message : messages) {
            camera.answer(
                    message, from, 1, hello -> new CameraWelcome(Verdict.ADMITTED, false, 1, 1, 1, 1, 0, List.of()));
        }
        return (CPU.getCurrentThreadCpuTime() - start) / 1000.0 / messages.size();
    }

    private static double overBudget(int n) throws SessionException {
        CameraHandshake camera = camera(UnpairedBudget.Limits.DEFAULTS, emptyStore());
        List<Bytes> spend = messages(8, null, "guess");
        time(camera, spend); // empties the camera-wide bucket
        return time(camera, messages(n, null, "guess"));
    }

    private static double overBudgetFull(int n) throws SessionException {
        PairingStore store = emptyStore();
        CameraHandshake pairing = camera(unlimited(), store);
        for (int i = 0; i < PairingStore.MAX_PAIRINGS; i++) {
            time(pairing, messages(1, KeyPair.generate(RANDOM), "s3cret"));
        }
        CameraHandshake camera = camera(UnpairedBudget.Limits.DEFAULTS, store);
        time(camera, messages(8, null, "guess"));
        return time(camera, messages(n, null, "guess"));
    }

    private static double replays(int n) throws SessionException {
        CameraHandshake camera = camera(unlimited(), emptyStore());
        List<Bytes> once = messages(1, null, "guess");
        time(camera, once);
        List<Bytes> again = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            again.add(once.get(0));
        }
        return time(camera, again);
    }

    private static double wrong(int n) throws SessionException {
        return time(camera(unlimited(), emptyStore()), messages(n, null, "guess"));
    }

    private static double paired(int n) throws SessionException {
        PairingStore store = emptyStore();
        CameraHandshake camera = camera(unlimited(), store);
        List<KeyPair> others = new ArrayList<>();
        for (int i = 0; i < PairingStore.MAX_PAIRINGS - 1; i++) { // a full store: the most HMACs per attempt
            KeyPair other = KeyPair.generate(RANDOM);
            others.add(other);
            time(camera, messages(1, other, "s3cret"));
        }
        KeyPair key = KeyPair.generate(RANDOM);
        time(camera, messages(1, key, "s3cret"));
        return time(camera, messages(n, key, ""));
    }
}
