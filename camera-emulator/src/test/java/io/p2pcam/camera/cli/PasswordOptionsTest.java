package io.p2pcam.camera.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Where the camera's password comes from when none is given, at a terminal and without one. */
class PasswordOptionsTest {
    @TempDir
    Path stateDir;

    private final StringWriter out = new StringWriter();
    private final CommandLine commandLine = new CommandLine(new Run()).setOut(new PrintWriter(out, true));

    @Command(name = "run")
    static final class Run {}

    @Test
    void atATerminalAnEmptyAnswerMakesAPasswordAndShowsItOnce() throws Exception {
        List<String> prompts = new ArrayList<>();
        PasswordOptions.Terminal terminal = prompt -> {
            prompts.add(prompt);
            return new char[0];
        };

        String password = new PasswordOptions().read(commandLine, stateDir, terminal);

        assertThat(prompts).hasSize(1);
        assertThat(Files.readString(stateDir.resolve(CameraPassword.FILE_NAME)).strip())
                .isEqualTo(password);
        assertThat(out.toString()).contains("viewer password: " + password + "  (shown once; kept in ");

        out.getBuffer().setLength(0);
        assertThat(new PasswordOptions().read(commandLine, stateDir, terminal)).isEqualTo(password);
        assertThat(prompts).as("the kept one, not asked again").hasSize(1);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aPasswordLongerThanAViewerCanSendIsRefusedAtTheStart() {
        // 123 characters, 129 bytes of UTF-8 (a euro sign takes 3): one more than a viewer's hello carries.
        String typed = "Blue kite over 9 hills, ".repeat(5) + "€€€";

        assertThatThrownBy(() -> new PasswordOptions().read(commandLine, stateDir, prompt -> typed.toCharArray()))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("the password from the prompt is 129 bytes of UTF-8; viewers can send at most 128");
    }

    @Test
    void atATerminalATypedPasswordIsUsedAndNotShown() throws Exception {
        String typed = "correct horse battery";

        String password = new PasswordOptions().read(commandLine, stateDir, prompt -> typed.toCharArray());

        assertThat(password).isEqualTo(typed);
        assertThat(out.toString()).doesNotContain(typed);
    }

    @Test
    void withoutATerminalAMadePasswordIsKeptAndNeverWrittenToTheOutput() throws Exception {
        String password = new PasswordOptions().read(commandLine, stateDir, null);

        Path kept = stateDir.resolve(CameraPassword.FILE_NAME);
        assertThat(Files.readString(kept).strip()).isEqualTo(password);
        assertThat(out.toString())
                .isEqualTo("viewer password: made one and kept it in " + kept
                        + " (owner-only; not shown here, where a log would keep it)" + System.lineSeparator());
    }

    @Test
    void anEmptyKeptPasswordLeftByAnInterruptedWriteIsReplacedByANewOne() throws Exception {
        Path kept = stateDir.resolve(CameraPassword.FILE_NAME);
        Files.createFile(kept); // power cut or disk full between creating the file and writing it

        String password = new PasswordOptions().read(commandLine, stateDir, null);

        assertThat(CameraPassword.weakness(password)).isNull();
        assertThat(Files.readString(kept)).isEqualTo(password + "\n");
        assertThat(new PasswordOptions().read(commandLine, stateDir, null)).isEqualTo(password);
    }

    @Test
    void aKeptPasswordThatCannotBeReadIsNamedWithWhatToDoAndKept() throws Exception {
        // Was "malformed input: Input length = 1" (not text) or "Is a directory", naming no file.
        Path kept = Files.write(stateDir.resolve(CameraPassword.FILE_NAME), new byte[] {'a', (byte) 0xff, '\n'});

        assertThatThrownBy(() -> new PasswordOptions().read(commandLine, stateDir, null))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot use " + kept + ": not text (damaged, or another kind of file); ")
                .hasMessageContaining("move it away");
        assertThat(Files.readAllBytes(kept)).as("kept for its owner").hasSize(3);

        Files.delete(kept);
        Files.createDirectory(kept);
        assertThatThrownBy(() -> new PasswordOptions().read(commandLine, stateDir, null))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot use " + kept + ": it is a directory; ");
    }

    @Test
    void makingAPasswordLeavesNoTemporaryFileBehind() throws Exception {
        new PasswordOptions().read(commandLine, stateDir, null);

        try (var files = Files.list(stateDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(CameraPassword.FILE_NAME);
        }
    }
}
