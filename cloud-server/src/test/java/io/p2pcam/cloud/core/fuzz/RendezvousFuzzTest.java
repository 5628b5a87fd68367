package io.p2pcam.cloud.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.CloudEvents;
import io.p2pcam.cloud.core.Rendezvous;
import io.p2pcam.cloud.core.SignatureCheck;
import io.p2pcam.cloud.core.Transmit;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The sans-I/O cloud core fed datagrams from a few strangers (docs/PROTOCOL.md §6.2): whatever
 * they send, handleDatagram never throws, the cloud answers only those sources, and never sends a
 * source more bytes in all than it received from it (no signature is ever verified here, so no
 * source is authenticated and the no-amplification rule covers every reply). Ordinary test runs
 * replay the seeds {@link RendezvousFuzzSeeds} wrote (well-formed REGISTER_HELLO, LOOKUP and
 * CONNECT_REQUEST, so that the fuzzer starts past the decoder); {@code JAZZER_FUZZ=1} fuzzes
 * (scripts/fuzz.sh cloud-server:RendezvousFuzzTest#strangersDatagrams).
 */
class RendezvousFuzzTest {
    private static final List<InetSocketAddress> SOURCES = List.of(
            new InetSocketAddress("198.51.100.1", 40000),
            new InetSocketAddress("198.51.100.2", 40001),
            new InetSocketAddress("2001:db8::3", 40002));

    @FuzzTest(maxDuration = "20s")
    void strangersDatagrams(FuzzedDataProvider data) {
        long now = 1_000_000;
        Rendezvous cloud = new Rendezvous(CloudConfig.defaults(), new SplittableRandom(1), CloudEvents.NONE, now);
        Map<InetSocketAddress, Long> received = new HashMap<>();
        Map<InetSocketAddress, Long> sent = new HashMap<>();
        while (data.remainingBytes() > 0) {
            InetSocketAddress from = SOURCES.get(data.consumeInt(0, SOURCES.size() - 1));
            now += data.consumeInt(0, 2_000);
            byte[] datagram = data.consumeBytes(data.consumeInt(0, 1_500));
            received.merge(from, (long) datagram.length, Long::sum);
            cloud.handleDatagram(datagram, 0, datagram.length, from, now);
            SignatureCheck check;
            while ((check = cloud.pollSignatureCheck()) != null) {
                cloud.signatureCheckAbandoned(check); // never verified: every source stays a stranger
            }
            Transmit transmit;
            while ((transmit = cloud.pollTransmit()) != null) {
                if (!received.containsKey(transmit.to())) {
                    throw new IllegalStateException("sent to " + transmit.to() + ", who sent nothing");
                }
                long total = sent.merge(transmit.to(), (long) transmit.data().length, Long::sum);
                if (total > received.get(transmit.to())) {
                    throw new IllegalStateException("amplification: " + total + " bytes to " + transmit.to() + " for "
                            + received.get(transmit.to()));
                }
            }
        }
    }
}
