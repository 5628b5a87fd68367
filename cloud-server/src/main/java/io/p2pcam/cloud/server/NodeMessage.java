package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.ClientAddress;
import io.p2pcam.cloud.core.ClusterCommand.ForwardConnect;
import io.p2pcam.cloud.core.ClusterCommand.ReturnResult;
import io.p2pcam.cloud.core.Lane;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The two messages nodes of a cluster send each other through the registry's pub/sub
 * (docs/PROTOCOL.md §11), one datagram of the cloud protocol wrapped in each:
 *
 * <pre>
 * CONNECT (1), origin → holder:  type(1) exchange(8) camera id(15) viewer family(1: 4|6) ip(4|16) port(2)
 *                                request bytes(2) origin length(1) origin(UTF-8) CONNECT_REQUEST datagram
 * RESULT (2), holder → origin:   type(1) exchange(8) camera id(15) CONNECT_RESULT datagram
 * CONNECT_OVER_TCP (3):          as CONNECT, for a request that reached the origin over TCP
 * </pre>
 *
 * The holder counts a CONNECT in the viewer's UDP lane and a CONNECT_OVER_TCP in its TCP lane
 * (decision 0061 §3); a node of an earlier release drops type 3 as it drops any unknown message.
 *
 * Big-endian. A message that does not parse is dropped ({@link #decode} returns null). Stateless.
 */
final class NodeMessage {
    static final byte CONNECT = 1;
    static final byte RESULT = 2;
    static final byte CONNECT_OVER_TCP = 3;

    private NodeMessage() {}

    static byte[] encode(ForwardConnect connect, String origin) {
        InetSocketAddress viewer = connect.viewer().address();
        byte[] ip = viewer.getAddress().getAddress();
        byte[] name = origin.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(
                1 + 8 + CameraId.BYTES + 1 + ip.length + 2 + 2 + 1 + name.length + connect.request().length);
        out.put(connect.viewer().lane() == Lane.TCP ? CONNECT_OVER_TCP : CONNECT)
                .putLong(connect.exchange())
                .put(connect.camera().toBytes());
        out.put((byte) (ip.length == 4 ? 4 : 6)).put(ip).putShort((short) viewer.getPort());
        out.putShort((short) connect.requestBytes()).put((byte) name.length).put(name);
        out.put(connect.request());
        return out.array();
    }

    static byte[] encode(ReturnResult result) {
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + CameraId.BYTES + result.result().length);
        out.put(RESULT)
                .putLong(result.exchange())
                .put(result.camera().toBytes())
                .put(result.result());
        return out.array();
    }

    /** A decoded CONNECT: everything {@code Rendezvous.remoteConnect} needs. */
    record Connect(
            long exchange, CameraId camera, ClientAddress viewer, int requestBytes, String origin, byte[] request) {}

    /** A decoded RESULT. */
    record Result(long exchange, CameraId camera, byte[] result) {}

    /** A {@link Connect}, a {@link Result}, or null when the message does not parse. */
    static Object decode(byte[] message) {
        try {
            ByteBuffer in = ByteBuffer.wrap(message);
            byte type = in.get();
            long exchange = in.getLong();
            byte[] id = new byte[CameraId.BYTES];
            in.get(id);
            CameraId camera = CameraId.fromBytes(id);
            if (type == RESULT) {
                return new Result(exchange, camera, rest(in));
            }
            if (type != CONNECT && type != CONNECT_OVER_TCP) {
                return null;
            }
            byte family = in.get();
            byte[] ip = new byte[family == 4 ? 4 : 16];
            in.get(ip);
            int port = Short.toUnsignedInt(in.getShort());
            int requestBytes = Short.toUnsignedInt(in.getShort());
            byte[] name = new byte[Byte.toUnsignedInt(in.get())];
            in.get(name);
            return new Connect(
                    exchange,
                    camera,
                    new ClientAddress(
                            new InetSocketAddress(InetAddress.getByAddress(ip), port),
                            type == CONNECT_OVER_TCP ? Lane.TCP : Lane.UDP),
                    requestBytes,
                    new String(name, StandardCharsets.UTF_8),
                    rest(in));
        } catch (BufferUnderflowException | IllegalArgumentException | UnknownHostException e) {
            return null;
        }
    }

    private static byte[] rest(ByteBuffer in) {
        return Arrays.copyOfRange(in.array(), in.position(), in.limit());
    }
}
