package io.p2pcam.cloud.core.fuzz;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;

/**
 * Writes {@link RendezvousFuzzTest}'s seeds under
 * src/test/resources/io/p2pcam/cloud/core/fuzz/RendezvousFuzzTestInputs/strangersDatagrams (run
 * from the module directory: {@code java -cp target/test-classes:target/classes:<shared-protocol
 * classes> io.p2pcam.cloud.core.fuzz.RendezvousFuzzSeeds}): well-formed REGISTER_HELLO, LOOKUP and
 * CONNECT_REQUEST datagrams, so that the fuzzer starts past the decoder. Each seed is laid out as
 * Jazzer's {@code FuzzedDataProvider} reads it: the datagrams' bytes from the front, the integers
 * from the back (most significant byte last), in the order the test consumes them.
 */
public final class RendezvousFuzzSeeds {
    private RendezvousFuzzSeeds() {}

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/io/p2pcam/cloud/core/fuzz")
                .resolve("RendezvousFuzzTestInputs/strangersDatagrams");
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(1);
        CameraIdentity camera = CameraIdentity.generate(random);
        CameraId id = camera.id();
        Candidate candidate = Candidate.reflexive(new InetSocketAddress("198.51.100.7", 41000));
        byte[] hello = CloudCodec.encode(new CloudMessage.RegisterHello(1, camera.publicKey()));
        byte[] lookup = CloudCodec.encode(new CloudMessage.Lookup(2, id));
        byte[] connect =
                CloudCodec.encode(new CloudMessage.ConnectRequest(3, id, List.of(candidate), Bytes.of(new byte[96])));
        Files.createDirectories(dir);
        Files.write(
                dir.resolve("hello-lookup-connect"),
                seed(new Sent(0, 0, hello), new Sent(1, 5, lookup), new Sent(1, 5, connect)));
        Files.write(
                dir.resolve("lookup-from-each"),
                seed(new Sent(0, 0, lookup), new Sent(1, 1, lookup), new Sent(2, 1, lookup)));
    }

    /** One datagram of the test's loop: which source, milliseconds after the previous one, the bytes. */
    private record Sent(int source, int afterMillis, byte[] datagram) {}

    private static byte[] seed(Sent... run) {
        ByteArrayOutputStream front = new ByteArrayOutputStream();
        ByteArrayOutputStream back = new ByteArrayOutputStream(); // in the order consumed
        for (Sent sent : run) {
            back.write(sent.source()); // consumeInt(0, 2): one byte
            back.write(sent.afterMillis() >> 8); // consumeInt(0, 2_000): two bytes, high first
            back.write(sent.afterMillis());
            back.write(sent.datagram().length >> 8); // consumeInt(0, 1_500)
            back.write(sent.datagram().length);
            front.writeBytes(sent.datagram());
        }
        byte[] ints = back.toByteArray();
        for (int i = ints.length - 1; i >= 0; i--) {
            front.write(ints[i]);
        }
        return front.toByteArray();
    }
}
