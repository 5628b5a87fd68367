package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraId;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The results kept for repeated connect requests: found until their deadline, through wraps and growth. */
class AnsweredConnectsTest {
    private record Request(ClientAddress viewer, long transaction) {}

    private record Kept(byte[] result, AnsweredConnects.HandedOver from, long keepUntil) {}

    private static InetSocketAddress address(byte[] ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetSocketAddress randomViewer(Random random) {
        byte[] ip = new byte[random.nextInt(4) == 0 ? 16 : 4];
        random.nextBytes(ip);
        if (ip.length == 16) {
            ip[0] = 0x20; // global unicast: not read back as an IPv4-mapped address
        }
        return address(ip, 1 + random.nextInt(65_535));
    }

    private static void assertHolds(AnsweredConnects answered, Map<Request, Kept> model) {
        assertThat(answered.size()).isEqualTo(model.size());
        model.forEach((request, kept) -> {
            int record = answered.find(request.viewer(), request.transaction());
            assertThat(record).as("%s", request).isNotNegative();
            assertThat(answered.result(record)).isEqualTo(kept.result());
            assertThat(answered.handedOver(record)).isEqualTo(kept.from());
        });
    }

    @Test
    void everyResultIsFoundUntilItsDeadlineThroughWrapsAndGrowth() {
        Random random = new Random(7);
        AnsweredConnects answered = new AnsweredConnects(random.nextLong());
        Map<Request, Kept> model = new HashMap<>();
        ArrayDeque<Request> order = new ArrayDeque<>();
        long now = 1_000_000;
        for (int step = 0; step < 20_000; step++) {
            now += random.nextInt(3);
            // The rate swings, so the ring wraps at some sizes and grows at others.
            int adds = (step / 2_000) % 2 == 0 ? 1 : 4;
            for (int n = 0; n < adds; n++) {
                Request request = new Request(ClientAddress.udp(randomViewer(random)), random.nextLong());
                byte[] result = null;
                if (random.nextInt(10) != 0) {
                    result = new byte[random.nextInt(10) == 0 ? 732 : 144];
                    random.nextBytes(result);
                }
                AnsweredConnects.HandedOver from = random.nextInt(20) == 0
                        ? new AnsweredConnects.HandedOver(
                                new ConnectBroker.Origin("node-" + random.nextInt(3), random.nextLong()),
                                CameraId.fromBytes(new byte[CameraId.BYTES]))
                        : null;
                answered.add(request.viewer(), request.transaction(), result, from, now + 500);
                model.put(request, new Kept(result, from, now + 500));
                order.add(request);
            }
            answered.expire(now);
            while (!order.isEmpty() && model.get(order.peek()).keepUntil() <= now) {
                model.remove(order.poll());
            }
            assertThat(answered.nextExpiry())
                    .isEqualTo(
                            order.isEmpty()
                                    ? Long.MAX_VALUE
                                    : model.get(order.peek()).keepUntil());
            if (step % 1_000 == 999) {
                assertHolds(answered, model);
            }
        }
        assertHolds(answered, model);
        answered.expire(now + 500);
        assertThat(answered.size()).isZero();
        assertThat(answered.nextExpiry()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aRequestDifferingOnlyInPortTransactionLaneOrAddressFamilyIsNotTheOneKept() {
        AnsweredConnects answered = new AnsweredConnects(1);
        InetSocketAddress address = address(new byte[] {10, 0, 0, 1}, 4000);
        ClientAddress viewer = ClientAddress.udp(address);
        answered.add(viewer, 42, new byte[] {1}, null, 5_000);

        assertThat(answered.find(viewer, 42)).isNotNegative();
        assertThat(answered.find(ClientAddress.udp(address(new byte[] {10, 0, 0, 1}, 4001)), 42))
                .isEqualTo(-1);
        assertThat(answered.find(viewer, 43)).isEqualTo(-1);
        assertThat(answered.find(ClientAddress.tcp(address), 42))
                .as("the same address and port over TCP: maybe another host behind the viewer's NAT")
                .isEqualTo(-1);
        byte[] v6 = new byte[16];
        v6[0] = 0x20;
        v6[15] = 1;
        assertThat(answered.find(ClientAddress.udp(address(v6, 4000)), 42)).isEqualTo(-1);
    }

    @Test
    void manyRequestsInOneProbeRunAreEachFoundAndForgottenAlone() {
        AnsweredConnects answered = new AnsweredConnects(3);
        ClientAddress viewer = ClientAddress.udp(address(new byte[] {10, 0, 0, 1}, 4000));
        for (int transaction = 0; transaction < 600; transaction++) {
            answered.add(viewer, transaction, new byte[] {(byte) transaction}, null, 1_000 + transaction);
        }
        answered.expire(1_299); // the first 300
        for (int transaction = 0; transaction < 600; transaction++) {
            int record = answered.find(viewer, transaction);
            if (transaction < 300) {
                assertThat(record).isEqualTo(-1);
            } else {
                assertThat(answered.result(record)).containsExactly((byte) transaction);
            }
        }
    }

    @Test
    void aSteadyRateKeepsTheRingAtOneSize() {
        AnsweredConnects answered = new AnsweredConnects(5);
        Random random = new Random(11);
        byte[] result = new byte[144];
        long footprint = 0;
        for (long now = 0; now < 30_000; now++) { // 5 a millisecond, kept 5 s: 25,000 at a time
            answered.expire(now);
            for (int n = 0; n < 5; n++) {
                answered.add(ClientAddress.udp(randomViewer(random)), random.nextLong(), result, null, now + 5_000);
            }
            if (now == 10_000) {
                footprint = answered.footprintBytes();
            }
        }
        assertThat(answered.size()).isEqualTo(25_000);
        // 25,000 records of 200 bytes in a ring of 8 MiB, and the index.
        assertThat(answered.footprintBytes()).isEqualTo(footprint).isLessThan(9L << 20);
    }

    @Test
    void keepingAndFindingAResultAllocatesNoObjectThatOutlivesTheCall() {
        AnsweredConnects answered = new AnsweredConnects(9);
        ClientAddress viewer = ClientAddress.udp(address(new byte[] {10, 0, 0, 1}, 4000));
        byte[] result = new byte[144];
        for (int warm = 0; warm < 20_000; warm++) {
            answered.add(viewer, warm, result, null, warm);
            answered.find(viewer, warm);
            answered.expire(warm);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        int found = 0;
        for (int transaction = 20_000; transaction < 30_000; transaction++) {
            answered.add(viewer, transaction, result, null, transaction);
            if (answered.find(viewer, transaction) >= 0) {
                found++;
            }
            answered.expire(transaction);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(found).isEqualTo(10_000);
        // What is allocated is the viewer's address bytes read for the key (InetAddress hands out a
        // copy, a 24-byte array for IPv4), once to add and once to find; nothing is kept. As
        // objects, a kept result was a holder, two map nodes, a key record and the result's array.
        assertThat(allocated / 10_000).as("bytes allocated a connect").isLessThanOrEqualTo(2 * 24 + 16);
    }
}
