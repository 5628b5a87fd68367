package io.p2pcam.camera.cli;

import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.SessionHello;
import io.p2pcam.runtime.UserFiles;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where {@code run} gets the password viewers must know to pair (a picocli mixin). */
final class PasswordOptions {
    private static final Logger log = LoggerFactory.getLogger(PasswordOptions.class);

    @Option(
            names = "--password",
            paramLabel = "PW",
            hidden = true, // on a command line every local user can read it (ps): use the file or the environment
            defaultValue = "${env:P2PCAM_PASSWORD}",
            description = "What viewers must know to pair (prefer --password-file or env P2PCAM_PASSWORD).")
    String password;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = {
                "Read the password viewers must know to pair from the first line of FILE (or env P2PCAM_PASSWORD).",
                "Without either: the one kept in the state directory, else one typed at a prompt, else a "
                        + "generated one, kept in the state directory (and shown once on a terminal)."
            })
    Path passwordFile;

    /** The terminal a user sits at: where a password may be asked for and a generated one shown. */
    interface Terminal {
        /** What the user typed after {@code prompt}, not echoed; null at end of input. */
        char[] readPassword(String prompt);
    }

    /** {@link #read(CommandLine, Path, Terminal)} at this process's terminal, if it has one. */
    String read(CommandLine commandLine, Path stateDir) throws IOException {
        Console console = System.console(); // null unless stdin and stdout are a terminal
        return read(commandLine, stateDir, console == null ? null : console::readPassword);
    }

    /**
     * The password, in this order: --password-file, P2PCAM_PASSWORD (or the hidden --password), the
     * one kept in the state directory, one typed at the {@code terminal}'s prompt, or a new one kept in
     * the state directory. A weak one is refused. A new one is shown only on the terminal: without
     * one, standard output is a log (systemd's journal, a container's), where a password must not be.
     */
    String read(CommandLine commandLine, Path stateDir, Terminal terminal) throws IOException {
        String secret = password;
        String source = "P2PCAM_PASSWORD";
        if (passwordFile != null) {
            try {
                secret = UserFiles.secretLine(passwordFile);
                source = "--password-file " + passwordFile;
            } catch (IOException e) {
                throw new ParameterException(
                        commandLine, "cannot read --password-file " + passwordFile + ": " + UserFiles.describe(e));
            }
        }
        Path kept = stateDir.resolve(CameraPassword.FILE_NAME);
        if (secret == null || secret.isEmpty()) {
            secret = CameraPassword.stored(stateDir);
            source = kept.toString();
            if (secret != null && secret.isEmpty()) {
                log.warn(
                        "{} is empty (its write was cut short?): ignored, and replaced if the camera makes a password",
                        kept);
            }
        }
        if ((secret == null || secret.isEmpty()) && terminal != null) {
            char[] typed = terminal.readPassword("Password viewers must know to pair (empty: the camera makes one): ");
            secret = typed == null ? "" : new String(typed);
            source = "the prompt";
        }
        if (secret == null || secret.isEmpty()) {
            secret = CameraPassword.generateAndStore(stateDir, new SecureRandom());
            commandLine
                    .getOut()
                    .println(
                            terminal != null
                                    ? "viewer password: " + secret + "  (shown once; kept in " + kept + ")"
                                    : "viewer password: made one and kept it in " + kept
                                            + " (owner-only; not shown here, where a log would keep it)");
            return secret;
        }
        Password checked = Password.of(secret);
        if (!SessionHello.carries(checked)) { // no viewer could ever send it
            throw new ParameterException(
                    commandLine,
                    "the password from " + source + " is " + checked.utf8Length()
                            + " bytes of UTF-8; viewers can send at most "
                            + SessionHello.MAX_PASSWORD_BYTES);
        }
        String weakness = CameraPassword.weakness(secret);
        if (weakness != null) {
            throw new ParameterException(
                    commandLine,
                    "the password from " + source + " is too weak (" + weakness + "): use at least "
                            + CameraPassword.MIN_LENGTH + " varied characters, or give none and the camera makes one");
        }
        return secret;
    }
}
