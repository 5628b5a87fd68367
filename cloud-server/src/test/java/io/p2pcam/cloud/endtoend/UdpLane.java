package io.p2pcam.cloud.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import io.p2pcam.protocol.testing.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A client's UDP lane at the cloud (decision 0057), spent as a flood in its name would spend it. */
final class UdpLane {
    private UdpLane() {}

    /** Spends {@code burst} of the request bucket of {@code channel}'s address with LOOKUPs of {@code camera}. */
    static void spendRequests(DatagramChannel channel, InetSocketAddress cloud, CameraId camera, int burst)
            throws Exception {
        spend(channel, cloud, new Lookup(0, camera), LookupResult.class, burst);
    }

    /** Spends {@code burst} of the registration bucket of {@code channel}'s address with REGISTER_HELLOs. */
    static void spendRegistrations(DatagramChannel channel, InetSocketAddress cloud, CameraPublicKey key, int burst)
            throws Exception {
        spend(channel, cloud, new RegisterHello(0, key), RegisterChallenge.class, burst);
    }

    /**
     * Keeps the request bucket of the loopback address spent with LOOKUPs of {@code camera} from
     * another port (the cloud keys its buckets by address, ports ignored, PROTOCOL.md §6.1), as a
     * flood in a client's name does, until {@code turnedAway} holds (the client left UDP), or fails
     * after {@code timeout}. Every token that refills meanwhile goes to the flood within a poll, so
     * however late the client's requests arrive (a loaded machine), none is served over UDP.
     */
    static void floodRequestsUntil(
            InetSocketAddress cloud, CameraId camera, Duration timeout, BooleanSupplier turnedAway) throws Exception {
        floodUntil(cloud, new Lookup(0, camera), timeout, turnedAway);
    }

    /** As {@link #floodRequestsUntil}, the registration bucket with REGISTER_HELLOs. */
    static void floodRegistrationsUntil(
            InetSocketAddress cloud, CameraPublicKey key, Duration timeout, BooleanSupplier turnedAway)
            throws Exception {
        floodUntil(cloud, new RegisterHello(0, key), timeout, turnedAway);
    }

    private static void floodUntil(
            InetSocketAddress cloud, CloudMessage message, Duration timeout, BooleanSupplier turnedAway)
            throws Exception {
        ByteBuffer datagram = ByteBuffer.wrap(CloudCodec.encode(message));
        try (DatagramChannel flood = DatagramChannel.open()) {
            flood.bind(new InetSocketAddress(cloud.getAddress(), 0));
            Eventually.await("the client turned away over UDP", timeout, () -> {
                try {
                    flood.send(datagram.rewind(), cloud); // the answers are nobody's business
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return turnedAway.getAsBoolean();
            });
        }
    }

    /**
     * Spends {@code burst} of a bucket of {@code channel}'s address with {@code message}, each
     * answered with an {@code answerType}, without drawing the one ERROR RATE_LIMITED a second:
     * the client's own next request draws it.
     */
    private static void spend(
            DatagramChannel channel, InetSocketAddress cloud, CloudMessage message, Class<?> answerType, int burst)
            throws Exception {
        for (int i = 0; i < burst; i++) {
            channel.send(ByteBuffer.wrap(CloudCodec.encode(message)), cloud);
        }
        channel.socket().setSoTimeout(5_000);
        for (int i = 0; i < burst; i++) {
            DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
            channel.socket().receive(answer);
            assertThat(CloudCodec.decode(answer.getData(), 0, answer.getLength()))
                    .as("the flood's messages were answered")
                    .isInstanceOf(answerType);
        }
    }
}
