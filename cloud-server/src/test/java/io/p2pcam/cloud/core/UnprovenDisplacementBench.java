package io.p2pcam.cloud.core;

import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;

/**
 * bench/unproven-displacement.sh: what opening a relay session costs once the relay's quarter of
 * unproven sessions is full (decision 0061 §1), in the case the displacement searched longest
 * before: the new session's viewer party holds its share of unproven sessions, its oldest behind
 * all the others. The table has the default limits (10,000 sessions: 2,500 unproven at most, 16
 * per viewer address); 2,484 sessions of other parties and cameras fill it, then one viewer address
 * opens sessions in turn, each displacing that party's oldest. Args: opens per round, rounds.
 */
public final class UnprovenDisplacementBench {
    private UnprovenDisplacementBench() {}

    public static void main(String[] args) {
        int opens = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        for (int round = 0; round < rounds; round++) {
            RelayTable table = filledTable();
            InetSocketAddress party = new InetSocketAddress("192.0.2.7", 41000);
            InetSocketAddress camera = new InetSocketAddress("203.0.113.10", 40000);
            int opened = 0;
            long start = System.nanoTime();
            for (int i = 0; i < opens; i++) {
                CameraId id = cameraId(i, 7);
                RelayTable.Offer offer = table.offer(id, party);
                if (offer != null && table.open(offer, id, udp(camera), udp(party), 0)) {
                    opened++;
                }
            }
            long nanos = System.nanoTime() - start;
            System.out.printf(
                    "round %d: %,d of %,d opens at a full unproven quarter (%,d sessions): %,.0f ns an open%n",
                    round, opened, opens, table.size(), nanos / (double) opens);
        }
    }

    /** The default relay with 2,484 unproven sessions, each of its own viewer address and camera site. */
    private static RelayTable filledTable() {
        RelayTable table = new RelayTable(
                RelayLimits.on(),
                new SplittableRandom(1),
                CloudEvents.NONE,
                address -> false,
                new Outbox(CloudEvents.NONE));
        for (int i = 0; i < 2_484; i++) {
            CameraId id = cameraId(i, 0);
            InetSocketAddress viewer = new InetSocketAddress("100.64." + (i >> 8) + "." + (i & 255), 41000);
            InetSocketAddress camera = new InetSocketAddress("198.18." + (i >> 8) + "." + (i & 255), 40000);
            table.open(table.offer(id, viewer), id, udp(camera), udp(viewer), 0);
        }
        return table;
    }

    private static CameraId cameraId(int i, int tag) {
        byte[] id = new byte[CameraId.BYTES];
        id[0] = (byte) i;
        id[1] = (byte) (i >> 8);
        id[2] = (byte) (i >> 16);
        id[3] = (byte) tag;
        return CameraId.fromBytes(id);
    }

    private static ClientAddress udp(InetSocketAddress address) {
        return ClientAddress.udp(address);
    }
}
