package io.p2pcam.viewer.probe;

import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.SessionHello;
import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where probe gets the camera's password: a file or the environment, never the command line by choice. */
final class PasswordOptions {
    @Option(
            names = "--password",
            paramLabel = "PW",
            hidden = true, // on a command line every local user can read it (ps): use the file or the environment
            defaultValue = "${env:P2PCAM_PASSWORD}",
            description = "The camera's password (prefer --password-file or env P2PCAM_PASSWORD).")
    String password;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "Read the camera's password from the first line of FILE (or env P2PCAM_PASSWORD).")
    Path file;

    /** The password: the file's first line, else P2PCAM_PASSWORD (or the hidden --password), else "". */
    String read() throws IOException {
        if (file != null) {
            return UserFiles.secretLine(file);
        }
        return password == null ? "" : password;
    }

    /**
     * Why {@code password} cannot be used, in one line, or null: none given (unless {@code paired}, a
     * --key-directory's key that needs none), or longer than any hello carries (docs/PROTOCOL.md §10.1).
     */
    static String problem(String password, boolean paired) {
        if (password.isEmpty() && !paired) {
            return "no password given (--password-file or P2PCAM_PASSWORD; a paired --key-directory needs none)";
        }
        Password checked = Password.of(password);
        return SessionHello.carries(checked)
                ? null
                : "the password is %d bytes of UTF-8; a camera accepts at most %d"
                        .formatted(checked.utf8Length(), SessionHello.MAX_PASSWORD_BYTES);
    }

    /** One line on why {@link #read} failed. */
    String problem(IOException e) {
        return "--password-file " + file + ": cannot read it: " + UserFiles.describe(e);
    }
}
