package io.p2pcam.cloud.cli;

import io.p2pcam.cloud.server.UdpIo;
import io.p2pcam.cloud.server.UdpSocketOptions;
import picocli.CommandLine.Option;

/** The UDP sockets' buffers and read batches as flags (docs/ADMIN.md): a mixin of {@link CloudServerCommand}. */
final class UdpSocketFlags {
    @Option(
            names = "--udp-receive-buffer",
            paramLabel = "KIB",
            defaultValue = "4096",
            description =
                    "Receive buffer (SO_RCVBUF) each UDP socket asks for, in KiB: what rides out a burst while the "
                            + "event loop is busy. Linux grants at most net.core.rmem_max. Default: ${DEFAULT-VALUE}.")
    private int receiveBufferKib;

    @Option(
            names = "--udp-send-buffer",
            paramLabel = "KIB",
            defaultValue = "4096",
            description = "Send buffer (SO_SNDBUF) each UDP socket asks for, in KiB; Linux grants at most "
                    + "net.core.wmem_max. Default: ${DEFAULT-VALUE}.")
    private int sendBufferKib;

    @Option(
            names = "--udp-datagrams-per-call",
            paramLabel = "COUNT",
            defaultValue = "32",
            description = "Datagrams one recvmmsg system call reads (Linux epoll; 1-1024). Default: ${DEFAULT-VALUE}.")
    private int datagramsPerCall;

    @Option(
            names = "--udp-datagrams-per-wakeup",
            paramLabel = "COUNT",
            defaultValue = "128",
            description = "Datagrams an event loop reads before it sends their answers together (one sendmmsg) and "
                    + "turns to its other work; at least --udp-datagrams-per-call. Default: ${DEFAULT-VALUE}.")
    private int datagramsPerWakeup;

    @Option(
            names = "--udp-io",
            paramLabel = "native|netty",
            defaultValue = "native",
            converter = UdpIoConverter.class,
            description = "What drives the UDP sockets: native (our own sockets through the FFM API on the epoll "
                    + "event loops, the fewest instructions per datagram; Linux x86-64/aarch64, falls back to netty "
                    + "elsewhere, saying why) or netty (Netty's datagram channel). Default: ${DEFAULT-VALUE}.")
    private UdpIo io;

    /** What drives the UDP sockets. */
    UdpIo io() {
        return io;
    }

    /** {@code native} or {@code netty}, in any case. */
    static final class UdpIoConverter implements picocli.CommandLine.ITypeConverter<UdpIo> {
        @Override
        public UdpIo convert(String value) {
            for (UdpIo io : UdpIo.values()) {
                if (io.label().equalsIgnoreCase(value.strip())) {
                    return io;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is neither native nor netty");
        }
    }

    UdpSocketOptions options(OptionCheck check) {
        check.require(
                receiveBufferKib >= 4 && receiveBufferKib <= 1 << 20, "--udp-receive-buffer", "must be 4-1048576 KiB");
        check.require(sendBufferKib >= 4 && sendBufferKib <= 1 << 20, "--udp-send-buffer", "must be 4-1048576 KiB");
        check.require(
                datagramsPerCall >= 1 && datagramsPerCall <= UdpSocketOptions.MAX_DATAGRAMS_PER_CALL,
                "--udp-datagrams-per-call",
                "must be 1-" + UdpSocketOptions.MAX_DATAGRAMS_PER_CALL);
        check.require(
                datagramsPerWakeup >= datagramsPerCall && datagramsPerWakeup <= 65_536,
                "--udp-datagrams-per-wakeup",
                "must be at least --udp-datagrams-per-call (" + datagramsPerCall + ") and at most 65536, not "
                        + datagramsPerWakeup);
        return new UdpSocketOptions(
                receiveBufferKib * 1024, sendBufferKib * 1024, datagramsPerCall, datagramsPerWakeup);
    }
}
