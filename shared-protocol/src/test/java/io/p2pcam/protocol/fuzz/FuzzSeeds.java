package io.p2pcam.protocol.fuzz;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.media.H264Packetizer;
import io.p2pcam.protocol.media.PacketizerConfig;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.rtcp.RtcpCodec;
import io.p2pcam.protocol.rtcp.RtcpPacket;
import io.p2pcam.protocol.session.RawFirstMessage;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.SessionHello.Verdict;
import io.p2pcam.protocol.session.SessionHello.ViewerHello;
import io.p2pcam.protocol.session.StreamOffer;
import io.p2pcam.protocol.session.VideoStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the seed corpus under src/test/resources/io/p2pcam/protocol/fuzz (run from the module
 * directory: {@code java -cp target/test-classes:target/classes io.p2pcam.protocol.fuzz.FuzzSeeds}).
 * Each seed is a well-formed input, or one that once broke something (named for it), so that the
 * fuzzer starts from the interesting shapes and ordinary test runs replay them.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources/io/p2pcam/protocol/fuzz");
        Path decoders = root.resolve("DecoderFuzzTestInputs");
        Path endpoints = root.resolve("EndpointFuzzTestInputs");
        CameraId id = CameraId.fromBytes(new byte[CameraId.BYTES]);
        Candidate candidate = Candidate.reflexive(new InetSocketAddress("198.51.100.7", 41000));
        Bytes handshake = Bytes.of(new byte[96]);
        write(decoders, "cloudCodec", "lookup", CloudCodec.encode(new CloudMessage.Lookup(1, id)));
        write(
                decoders,
                "cloudCodec",
                "connect-request",
                CloudCodec.encode(new CloudMessage.ConnectRequest(2, id, List.of(candidate), handshake)));
        write(
                decoders,
                "cloudCodec",
                "connect-forward",
                CloudCodec.encode(new CloudMessage.ConnectForward(3, List.of(candidate), handshake)));
        write(
                decoders,
                "cloudCodec",
                "registered",
                CloudCodec.encode(
                        new CloudMessage.Registered(4, candidate, Bytes.of(new byte[16]), 20_000, 65_000, 1)));
        byte[] hello = new ViewerHello(7, true, List.of(candidate), Password.of("correct horse"), "Küche").encode();
        write(decoders, "viewerHello", "valid", hello);
        write(decoders, "viewerHello", "password-of-0xff-issue-12", invalidUtf8Hello());
        write(
                decoders,
                "cameraWelcome",
                "admitted",
                new CameraWelcome(Verdict.ADMITTED, true, 9, 1280, 720, 30, 0, List.of(candidate)).encode());
        CameraWelcome listed = new CameraWelcome(
                Verdict.ADMITTED,
                true,
                9,
                1280,
                720,
                30,
                0,
                List.of(candidate),
                CloudPass.NONE,
                List.of(
                        new StreamOffer(VideoStream.MAIN, 1280, 720, 30),
                        new StreamOffer(VideoStream.SUB, 640, 360, 30)));
        write(decoders, "cameraWelcome", "listed-streams", listed.encode());
        write(
                decoders,
                "cameraWelcome",
                "listed-streams-after-a-pass",
                listed.withPairing(true, new CloudPass(5, Bytes.of(new byte[CloudPass.KEY_BYTES])))
                        .encode());
        List<RtpPacket> packets = new H264Packetizer(1, 96, 100, PacketizerConfig.DEFAULTS)
                .packetize(List.of(new byte[] {0x67, 1, 2, 3}, new byte[] {0x68, 4}, idr(3000)), 90_000);
        write(decoders, "rtp", "fu-a-start", RtpCodec.encode(packets.get(packets.size() - 2)));
        write(decoders, "rtp", "stap-a", RtpCodec.encode(packets.getFirst()));
        write(
                decoders,
                "rtcp",
                "nack-and-pli",
                RtcpCodec.encode(new RtcpPacket.Nack(1, 2, List.of(5, 6, 9)), new RtcpPacket.Pli(1, 2)));
        write(
                decoders,
                "rtcp",
                "sender-report",
                RtcpCodec.encode(new RtcpPacket.SenderReport(2, 1L << 40, 90_000, 10, 1000, List.of())));
        List<FuzzRecords.Entry> run = new ArrayList<>();
        for (RtpPacket packet : packets) {
            run.add(new FuzzRecords.Entry(0, RtpCodec.encode(packet), 0));
        }
        write(decoders, "depacketizer", "keyframe", FuzzRecords.encode(run.toArray(FuzzRecords.Entry[]::new)));
        write(
                endpoints,
                "cameraHandleDatagramNeverThrows",
                "password-of-0xff-issue-12",
                FuzzRecords.encode(
                        new FuzzRecords.Entry(3, invalidUtf8Hello(), 10), new FuzzRecords.Entry(3, hello, 10_000)));
        write(
                endpoints,
                "cameraHandleDatagramNeverThrows",
                "garbage-everywhere",
                FuzzRecords.encode(
                        new FuzzRecords.Entry(
                                0,
                                CloudCodec.encode(new CloudMessage.ConnectForward(5, List.of(candidate), handshake)),
                                5),
                        new FuzzRecords.Entry(1, new byte[] {0x53, 1, 0, 0, 0, 1}, 5),
                        new FuzzRecords.Entry(2, new byte[40], 70_000)));
        write(
                endpoints,
                "viewerHandleDatagramNeverThrows",
                "lookup-result-and-garbage",
                FuzzRecords.encode(
                        new FuzzRecords.Entry(0, CloudCodec.encode(CloudMessage.LookupResult.unavailable(1)), 5),
                        new FuzzRecords.Entry(1, new byte[] {0x53, 1, 0, 0, 0, 1}, 11_000)));
    }

    /** The ViewerHello that stopped cameras (issue 12): a 128-byte password of 0xFF bytes. */
    static byte[] invalidUtf8Hello() {
        return RawFirstMessage.invalidUtf8PasswordHello();
    }

    private static byte[] idr(int size) {
        byte[] nal = new byte[size];
        nal[0] = 0x65;
        return nal;
    }

    private static void write(Path dir, String target, String name, byte[] bytes) throws IOException {
        Path targetDir = dir.resolve(target);
        Files.createDirectories(targetDir);
        Files.write(targetDir.resolve(name), bytes);
    }
}
