package io.p2pcam.cloud.core;

import io.p2pcam.cloud.core.CloudConfig.RateLimit;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * bench/registration-timing.sh: whether the time the cloud takes to refuse a registration secret
 * tells how much of it a forger guessed (PROTOCOL.md §1.3). The real core ({@link Rendezvous}) on
 * one thread refuses a KEEPALIVE whose 16-byte registration token is wrong in its first byte
 * against one wrong in its last, and a REGISTER whose cookie MAC is wrong in its first byte
 * against one wrong in its last. An early-exit comparison would take longer the later the wrong
 * byte. Rates are lifted so that every datagram reaches the comparison and gets its usual answer
 * (checked by the drop counts). Under a loaded machine, the variants alternate in batches, their
 * order swapped every round, and medians are reported. A control times the same tokens compared
 * alone with {@link Arrays#equals(byte[], byte[])} and with {@link MessageDigest#isEqual}.
 * Args: rounds, datagrams per batch.
 */
public final class RegistrationTimingBench {
    private static final InetSocketAddress CAMERA = new InetSocketAddress("198.51.100.7", 40_000);
    private static final int WARM_UP_BATCHES = 5;

    private RegistrationTimingBench() {}

    /** Counts the cloud's drops, so that the bench knows every forged datagram was refused for the reason meant. */
    private static final class Drops implements CloudEvents {
        final Map<DropReason, Long> counts = new EnumMap<>(DropReason.class);

        @Override
        public void dropped(DropReason reason) {
            counts.merge(reason, 1L, Long::sum);
        }
    }

    private interface Batch {
        /** Handles {@code count} datagrams and returns the nanoseconds they took. */
        long run(int count);
    }

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        int batch = Integer.parseInt(args[1]);
        RateLimit unlimited = new RateLimit(1e12, Integer.MAX_VALUE);
        Drops drops = new Drops();
        long now = 1_000_000;
        Rendezvous cloud =
                new Rendezvous(CloudConfig.defaults().withRates(unlimited, unlimited), new SecureRandom(), drops, now);
        CameraIdentity camera = CameraIdentity.generate(new SecureRandom());
        Registered registered = register(cloud, camera, now);
        byte[] token = registered.token().toArray();

        byte[] keepaliveWrongFirst = keepalive(camera, flipped(token, 0));
        byte[] keepaliveWrongLast = keepalive(camera, flipped(token, token.length - 1));
        RegisterChallenge challenge = challenge(cloud, camera, now);
        int macStart = 8; // the cookie: stamp (8) || MAC (16), PROTOCOL.md §4.2
        byte[] cookie = challenge.cookie().toArray();
        byte[] registerWrongFirst = forgedRegister(camera, flipped(cookie, macStart));
        byte[] registerWrongLast = forgedRegister(camera, flipped(cookie, cookie.length - 1));

        System.out.printf(
                "%d rounds of %,d datagrams per variant; ns per datagram, median of rounds (and the median of"
                        + " the rounds' last-minus-first differences)%n",
                rounds, batch);
        compare(
                "KEEPALIVE, token wrong in byte",
                token.length,
                rounds,
                batch,
                count -> feed(cloud, keepaliveWrongFirst, count, now),
                count -> feed(cloud, keepaliveWrongLast, count, now));
        compare(
                "REGISTER, cookie MAC wrong in byte",
                cookie.length - macStart,
                rounds,
                batch,
                count -> feed(cloud, registerWrongFirst, count, now),
                count -> feed(cloud, registerWrongLast, count, now));
        byte[] wrongFirst = flipped(token, 0);
        byte[] wrongLast = flipped(token, token.length - 1);
        compare(
                "control: Arrays.equals, byte",
                token.length,
                rounds,
                batch * 100,
                count -> compareAlone(token, wrongFirst, count, false),
                count -> compareAlone(token, wrongLast, count, false));
        compare(
                "control: MessageDigest.isEqual, byte",
                token.length,
                rounds,
                batch * 100,
                count -> compareAlone(token, wrongFirst, count, true),
                count -> compareAlone(token, wrongLast, count, true));

        long keepalives = 2L * (rounds + WARM_UP_BATCHES) * batch; // the warm-up batches included
        if (drops.counts.getOrDefault(DropReason.WRONG_TOKEN, 0L) != keepalives
                || drops.counts.getOrDefault(DropReason.BAD_COOKIE, 0L) != keepalives) {
            throw new IllegalStateException("not every forged datagram was refused as meant: " + drops.counts);
        }
        System.out.println("refused as meant: " + drops.counts);
    }

    /** Times the two variants alternately, the first of each round swapped, and prints their medians. */
    private static void compare(String what, int length, int rounds, int batch, Batch first, Batch last) {
        for (int warm = 0; warm < WARM_UP_BATCHES; warm++) { // compiled both before any round counts
            first.run(batch);
            last.run(batch);
        }
        double[] firstNanos = new double[rounds];
        double[] lastNanos = new double[rounds];
        double[] differences = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 0) {
                firstNanos[round] = first.run(batch) / (double) batch;
                lastNanos[round] = last.run(batch) / (double) batch;
            } else {
                lastNanos[round] = last.run(batch) / (double) batch;
                firstNanos[round] = first.run(batch) / (double) batch;
            }
            differences[round] = lastNanos[round] - firstNanos[round];
        }
        System.out.printf(
                "  %-38s 1: %,9.1f   %d: %,9.1f   last-first: %+7.1f%n",
                what, median(firstNanos), length, median(lastNanos), median(differences));
    }

    private static long feed(Rendezvous cloud, byte[] datagram, int count, long now) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            cloud.handleDatagram(datagram, 0, datagram.length, CAMERA, now);
            while (cloud.pollTransmit() != null) {
                // the answer (ERROR NOT_REGISTERED) is part of the refusal's cost
            }
        }
        return System.nanoTime() - start;
    }

    private static long compareAlone(byte[] expected, byte[] guess, int count, boolean constantTime) {
        int equal = 0;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            equal += (constantTime ? MessageDigest.isEqual(guess, expected) : Arrays.equals(guess, expected)) ? 1 : 0;
        }
        long nanos = System.nanoTime() - start;
        if (equal != 0) {
            throw new IllegalStateException("a wrong guess compared equal");
        }
        return nanos;
    }

    private static Registered register(Rendezvous cloud, CameraIdentity camera, long now) {
        RegisterChallenge challenge = challenge(cloud, camera, now);
        byte[] signed = CloudCodec.registerSignedBytes(1, camera.publicKey(), challenge.cookie(), List.of());
        byte[] register = CloudCodec.encode(new Register(
                1, camera.publicKey(), challenge.cookie(), List.of(), Bytes.of(camera.sign(signed, 0, signed.length))));
        cloud.handleDatagram(register, 0, register.length, CAMERA, now);
        SignatureCheck check = cloud.pollSignatureCheck();
        cloud.signatureChecked(check, check.verify(), now);
        return (Registered) answer(cloud);
    }

    private static RegisterChallenge challenge(Rendezvous cloud, CameraIdentity camera, long now) {
        byte[] hello = CloudCodec.encode(new RegisterHello(1, camera.publicKey()));
        cloud.handleDatagram(hello, 0, hello.length, CAMERA, now);
        return (RegisterChallenge) answer(cloud);
    }

    private static CloudMessage answer(Rendezvous cloud) {
        Transmit transmit = cloud.pollTransmit();
        try {
            return CloudCodec.decode(transmit.data(), 0, transmit.data().length);
        } catch (CloudDecodeException e) {
            throw new IllegalStateException("the cloud sent what its own codec cannot read", e);
        }
    }

    private static byte[] keepalive(CameraIdentity camera, byte[] token) {
        return CloudCodec.encode(new Keepalive(7, camera.publicKey().id(), Bytes.of(token)));
    }

    /** A REGISTER with {@code cookie} and a signature that is never looked at (the cookie is refused first). */
    private static byte[] forgedRegister(CameraIdentity camera, byte[] cookie) {
        Bytes forgedCookie = Bytes.of(cookie);
        byte[] signed = CloudCodec.registerSignedBytes(2, camera.publicKey(), forgedCookie, List.of());
        return CloudCodec.encode(new Register(
                2, camera.publicKey(), forgedCookie, List.of(), Bytes.of(camera.sign(signed, 0, signed.length))));
    }

    private static byte[] flipped(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 0x01;
        return copy;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
