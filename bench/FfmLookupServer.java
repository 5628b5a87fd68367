import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.CloudConfig.RateLimit;
import io.p2pcam.cloud.core.CloudEvents;
import io.p2pcam.cloud.core.Lane;
import io.p2pcam.cloud.core.Rendezvous;
import io.p2pcam.cloud.core.SignatureCheck;
import io.p2pcam.cloud.core.Transmit;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * A measurement, not a product (docs/BENCHMARKS.md, "Stateless requests"): the cloud's real
 * rendezvous core behind the least a Java UDP edge can do on Linux, to tell how much of the
 * cloud's user time per answer is Netty's per-datagram work and how much is the core's. One
 * thread, one IPv4 socket made and driven through the FFM API (no JNI, no Netty): {@code recvmmsg}
 * of up to 32 datagrams into native memory, each copied into one reused array and handed to
 * {@link Rendezvous#handleDatagram} with its sender as an {@link InetSocketAddress} (made per
 * datagram, as Netty makes one), the core's answers written into native slots and sent with one
 * {@code sendmmsg}. The core is configured as {@code bench/stateless-rate.sh} starts the cloud
 * (request rate out of the way), without the cloud's metrics ({@link CloudEvents#NONE}), TCP,
 * cluster or signature pool: a REGISTER's signature check is abandoned. x86-64 Linux layouts.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp cloud-server/target/cloud-server.jar bench/FfmLookupServer.java PORT</pre>
 */
public final class FfmLookupServer {
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUF = 8;
    private static final int SO_SNDBUF = 7;
    private static final int SO_RCVTIMEO = 20;
    private static final int MSG_WAITFORONE = 0x10000;
    private static final int BATCH = 32;
    private static final int SLOT_BYTES = 2048;
    private static final int SOCKADDR_BYTES = 16;
    private static final int IOVEC_BYTES = 16;
    /** struct mmsghdr: a struct msghdr (56 bytes) and the datagram's length, padded to 64. */
    private static final int MMSGHDR_BYTES = 64;
    private static final int MSG_LEN_AT = 56;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MethodHandle recvmmsg;
    private final MethodHandle sendmmsg;
    private final int fd;
    private final Slots in;
    private final Slots out;
    private final byte[] copy = new byte[SLOT_BYTES];
    private final Rendezvous core;

    /** BATCH datagram slots with their sender/destination addresses and the mmsghdr array over them. */
    private record Slots(MemorySegment data, MemorySegment names, MemorySegment headers) {
        static Slots allocate(Arena arena) {
            Slots slots = new Slots(
                    arena.allocate((long) BATCH * SLOT_BYTES, 64),
                    arena.allocate((long) BATCH * SOCKADDR_BYTES, 8),
                    arena.allocate((long) BATCH * MMSGHDR_BYTES, 8));
            MemorySegment iovecs = arena.allocate((long) BATCH * IOVEC_BYTES, 8);
            for (int i = 0; i < BATCH; i++) {
                MemorySegment iov = iovecs.asSlice((long) i * IOVEC_BYTES, IOVEC_BYTES);
                iov.set(ValueLayout.ADDRESS, 0, slots.data.asSlice((long) i * SLOT_BYTES, SLOT_BYTES));
                iov.set(ValueLayout.JAVA_LONG, 8, SLOT_BYTES);
                MemorySegment header = slots.header(i);
                header.set(ValueLayout.ADDRESS, 0, slots.names.asSlice((long) i * SOCKADDR_BYTES, SOCKADDR_BYTES));
                header.set(INT, 8, SOCKADDR_BYTES);
                header.set(ValueLayout.ADDRESS, 16, iov);
                header.set(ValueLayout.JAVA_LONG, 24, 1);
            }
            return slots;
        }

        MemorySegment header(int i) {
            return headers.asSlice((long) i * MMSGHDR_BYTES, MMSGHDR_BYTES);
        }

        long dataAt(int i) {
            return (long) i * SLOT_BYTES;
        }

        long nameAt(int i) {
            return (long) i * SOCKADDR_BYTES;
        }

        /** The iovec's length of slot {@code i}: what sendmmsg sends from it. */
        void length(int i, int length) {
            MemorySegment iov = header(i).get(ValueLayout.ADDRESS, 16).reinterpret(IOVEC_BYTES);
            iov.set(ValueLayout.JAVA_LONG, 8, length);
        }
    }

    private FfmLookupServer(int port) throws Throwable {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        MethodHandle socket = linker.downcallHandle(
                libc.find("socket").orElseThrow(), FunctionDescriptor.of(INT, INT, INT, INT));
        MethodHandle setsockopt = linker.downcallHandle(
                libc.find("setsockopt").orElseThrow(),
                FunctionDescriptor.of(INT, INT, INT, INT, ValueLayout.ADDRESS, INT));
        MethodHandle bind = linker.downcallHandle(
                libc.find("bind").orElseThrow(), FunctionDescriptor.of(INT, INT, ValueLayout.ADDRESS, INT));
        FunctionDescriptor mmsg = FunctionDescriptor.of(INT, INT, ValueLayout.ADDRESS, INT, INT, ValueLayout.ADDRESS);
        recvmmsg = linker.downcallHandle(libc.find("recvmmsg").orElseThrow(), mmsg);
        sendmmsg = linker.downcallHandle(
                libc.find("sendmmsg").orElseThrow(), FunctionDescriptor.of(INT, INT, ValueLayout.ADDRESS, INT, INT));
        Arena arena = Arena.global();
        fd = (int) socket.invokeExact(AF_INET, SOCK_DGRAM, 0);
        check(fd, "socket");
        MemorySegment size = arena.allocate(INT);
        size.set(INT, 0, 4 << 20); // the cloud's default socket buffers (UdpSocketOptions)
        check((int) setsockopt.invokeExact(fd, SOL_SOCKET, SO_RCVBUF, size, 4), "SO_RCVBUF");
        check((int) setsockopt.invokeExact(fd, SOL_SOCKET, SO_SNDBUF, size, 4), "SO_SNDBUF");
        MemorySegment timeout = arena.allocate(16, 8); // struct timeval: wake at least every 100 ms for timers
        timeout.set(ValueLayout.JAVA_LONG, 8, 100_000);
        check((int) setsockopt.invokeExact(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16), "SO_RCVTIMEO");
        MemorySegment address = arena.allocate(SOCKADDR_BYTES, 8);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
        address.set(SHORT_BE, 2, (short) port);
        address.set(INT_BE, 4, 0x7f000001);
        check((int) bind.invokeExact(fd, address, SOCKADDR_BYTES), "bind 127.0.0.1:" + port);
        in = Slots.allocate(arena);
        out = Slots.allocate(arena);
        RateLimit unlimited = new RateLimit(1e9, Integer.MAX_VALUE); // --request-rate 1000000000, as the script
        CloudConfig config = CloudConfig.defaults().withRates(CloudConfig.defaults().registrationRate(), unlimited);
        core = new Rendezvous(config, new SplittableRandom(), CloudEvents.NONE, millis());
    }

    private static void check(int result, String call) {
        if (result < 0) {
            throw new IllegalStateException(call + " failed");
        }
    }

    private static long millis() {
        return System.nanoTime() / 1_000_000;
    }

    private void serve() throws Throwable {
        while (true) {
            for (int i = 0; i < BATCH; i++) {
                in.header(i).set(INT, 8, SOCKADDR_BYTES); // the kernel wrote the last sender's length there
            }
            int received = (int) recvmmsg.invokeExact(fd, in.headers(), BATCH, MSG_WAITFORONE, MemorySegment.NULL);
            long now = millis();
            int queued = 0;
            for (int i = 0; i < received; i++) {
                int length = in.headers().get(INT, (long) i * MMSGHDR_BYTES + MSG_LEN_AT);
                MemorySegment.copy(in.data(), ValueLayout.JAVA_BYTE, in.dataAt(i), copy, 0, length);
                int ip = in.names().get(INT_BE, in.nameAt(i) + 4);
                int port = Short.toUnsignedInt(in.names().get(SHORT_BE, in.nameAt(i) + 2));
                InetSocketAddress sender = new InetSocketAddress(
                        InetAddress.getByAddress(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip}),
                        port);
                core.handleDatagram(copy, 0, length, sender, now);
                queued = queueAnswers(queued);
            }
            if (now >= core.nextTimeout()) {
                core.handleTimeout(now);
                queued = queueAnswers(queued);
            }
            for (SignatureCheck check = core.pollSignatureCheck(); check != null; check = core.pollSignatureCheck()) {
                core.signatureCheckAbandoned(check);
            }
            flush(queued);
        }
    }

    /** Copies the core's answers into the send slots (sending a full batch first); the slots now used. */
    private int queueAnswers(int queued) throws Throwable {
        for (Transmit transmit = core.pollTransmit(); transmit != null; transmit = core.pollTransmit()) {
            if (transmit.lane() != Lane.UDP || !(transmit.to().getAddress() instanceof Inet4Address to)) {
                continue;
            }
            if (queued == BATCH) {
                flush(queued);
                queued = 0;
            }
            byte[] data = transmit.data();
            MemorySegment.copy(data, 0, out.data(), ValueLayout.JAVA_BYTE, out.dataAt(queued), data.length);
            out.length(queued, data.length);
            long name = out.nameAt(queued);
            out.names().set(ValueLayout.JAVA_SHORT, name, (short) AF_INET);
            out.names().set(SHORT_BE, name + 2, (short) transmit.to().getPort());
            out.names().set(INT_BE, name + 4, to.hashCode()); // Inet4Address's hash is its address
            queued++;
        }
        return queued;
    }

    private void flush(int queued) throws Throwable {
        int sent = 0;
        while (sent < queued) {
            int result = (int) sendmmsg.invokeExact(
                    fd, out.headers().asSlice((long) sent * MMSGHDR_BYTES), queued - sent, 0);
            if (result <= 0) {
                return; // a full send buffer drops the rest, as the kernel would for Netty
            }
            sent += result;
        }
    }

    public static void main(String[] args) throws Throwable {
        int port = Integer.parseInt(args[0]);
        FfmLookupServer server = new FfmLookupServer(port);
        System.out.println("FFM lookup server on 127.0.0.1:" + port);
        server.serve();
    }
}
