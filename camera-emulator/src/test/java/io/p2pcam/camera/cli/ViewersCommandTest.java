package io.p2pcam.camera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.camera.identity.IdentityStore;
import io.p2pcam.camera.pairing.PairingFile;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.PairingStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ViewersCommandTest {
    @TempDir
    Path stateDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final SecureRandom random = new SecureRandom();

    private int run(String... args) {
        CommandLine commandLine = CameraEmulatorCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private Bytes pairOne(String name) throws Exception {
        CameraIdentity identity = IdentityStore.loadOrCreate(stateDir, random);
        PairingFile file = new PairingFile(stateDir);
        PairingStore store = new PairingStore(identity.noiseStaticKey(), file.load(), file);
        Bytes key = Bytes.of(KeyPair.generate(random).publicKey());
        store.pair(key, name, 42, 1_796_000_000_000L);
        return key;
    }

    @Test
    void listShowsEachPairedViewerAndTheFileIsOwnerOnly() throws Exception {
        Bytes key = pairOne("kitchen laptop");
        assertThat(run("viewers", "list", "--state-dir", stateDir.toString())).isZero();
        assertThat(out.toString())
                .startsWith(HexFormat.of().formatHex(key.toArray()))
                .contains("kitchen laptop");
        Path file = stateDir.resolve(PairingFile.FILE_NAME);
        if (Files.getFileStore(stateDir).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void listMarksTheOwnerTheFirstViewerStillPairedAndTheNextOneOnceTheFirstIsRevoked() throws Exception {
        Bytes first = pairOne("kitchen laptop");
        Bytes second = pairOne("phone");
        assertThat(run("viewers", "list", "--state-dir", stateDir.toString())).isZero();
        assertThat(out.toString().lines())
                .containsExactly(line(first, "kitchen laptop") + "  (owner)", line(second, "phone"));

        out.getBuffer().setLength(0);
        assertThat(run("viewers", "revoke", "--state-dir", stateDir.toString(), hex(first)))
                .isZero();
        out.getBuffer().setLength(0);
        assertThat(run("viewers", "list", "--state-dir", stateDir.toString())).isZero();
        assertThat(out.toString().lines()).containsExactly(line(second, "phone") + "  (owner)");
    }

    private static String hex(Bytes key) {
        return HexFormat.of().formatHex(key.toArray());
    }

    /** A line of `viewers list` as {@link #pairOne} pairs: paired at 1_796_000_000_000 ms. */
    private static String line(Bytes key, String name) {
        return hex(key) + "  " + java.time.Instant.ofEpochMilli(1_796_000_000_000L) + "  " + name;
    }

    @Test
    void revokeByPrefixForgetsTheViewerButKeepsItsHighWaterMark() throws Exception {
        Bytes key = pairOne("phone");
        String prefix = HexFormat.of().formatHex(key.toArray()).substring(0, 8);
        assertThat(run("viewers", "revoke", "--state-dir", stateDir.toString(), prefix))
                .isZero();
        assertThat(out.toString()).contains("revoked phone");
        PairingStore.Snapshot after = new PairingFile(stateDir).load();
        assertThat(after.pairings()).isEmpty();
        assertThat(after.revoked()).containsEntry(key, 42L);
    }

    @Test
    void revokingAnUnknownKeyIsAUsageError() throws Exception {
        pairOne("phone");
        assertThat(run("viewers", "revoke", "--state-dir", stateDir.toString(), "zz"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no paired viewer's key starts with zz");
    }

    @Test
    void aPairingFileThatIsNotTextOrADirectoryIsNamedInOneLineAndKept() throws Exception {
        // Was "viewers list: malformed input: Input length = 1" and "Is a directory", naming no file.
        IdentityStore.loadOrCreate(stateDir, random);
        Path pairings = Files.write(stateDir.resolve(PairingFile.FILE_NAME), new byte[] {'#', (byte) 0xff, '\n'});

        assertThat(run("viewers", "list", "--state-dir", stateDir.toString())).isNotZero();
        assertThat(err.toString().lines())
                .containsExactly("p2pcam-camera viewers list: cannot use " + pairings
                        + ": not text (damaged, or another kind of file); fix or move the file away"
                        + " (moving it away forgets every paired viewer)");
        assertThat(Files.readAllBytes(pairings)).as("kept for its owner").hasSize(3);

        Files.delete(pairings);
        Files.createDirectory(pairings);
        err.getBuffer().setLength(0);
        assertThat(run("viewers", "list", "--state-dir", stateDir.toString())).isNotZero();
        assertThat(err.toString())
                .startsWith("p2pcam-camera viewers list: cannot use " + pairings + ": it is a directory;");
    }

    @Test
    void aPairingFileThatDoesNotParseIsAnErrorNotAnEmptyList() throws Exception {
        IdentityStore.loadOrCreate(stateDir, random);
        Files.writeString(stateDir.resolve(PairingFile.FILE_NAME), "paired not-hex\n");
        assertThat(run("viewers", "list", "--state-dir", stateDir.toString())).isNotZero();
        assertThat(err.toString()).contains("does not parse");
    }

    @Test
    void aCameraWithoutPairedViewersSaysSo() throws Exception {
        IdentityStore.loadOrCreate(stateDir, random);
        assertThat(run("viewers", "list", "--state-dir", stateDir.toString())).isZero();
        assertThat(out.toString()).isEqualTo("no paired viewers" + System.lineSeparator());
    }

    @Test
    void aStateDirectoryThatIsNotACamerasIsAnErrorNotAnEmptyList() throws Exception {
        // A mistyped --state-dir listed "no paired viewers" and exited 0.
        Path missing = stateDir.resolve("does-not-exist");
        assertThat(run("viewers", "list", "--state-dir", missing.toString())).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo("p2pcam-camera viewers list: no camera state at " + missing + ": no such folder"
                        + System.lineSeparator());
        assertThat(out.toString()).isEmpty();

        Path empty = Files.createDirectory(stateDir.resolve("empty"));
        for (String[] command : java.util.List.of(
                new String[] {"viewers", "list", "--state-dir", empty.toString()},
                new String[] {"viewers", "revoke", "--state-dir", empty.toString(), "3f"})) {
            err.getBuffer().setLength(0);
            assertThat(run(command)).as(String.join(" ", command)).isEqualTo(1);
            assertThat(err.toString())
                    .endsWith(": no camera state at " + empty + ": it holds no camera identity (camera.key)"
                            + System.lineSeparator());
        }
    }
}
