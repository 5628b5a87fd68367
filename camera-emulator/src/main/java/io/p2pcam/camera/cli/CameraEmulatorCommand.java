package io.p2pcam.camera.cli;

import io.p2pcam.camera.identity.IdentityStoreException;
import io.p2pcam.camera.media.EncoderException;
import io.p2pcam.camera.media.NativeLogging;
import io.p2pcam.camera.media.SourceException;
import io.p2pcam.runtime.UsageErrors;
import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code p2pcam-camera}: the camera emulator's command line and composition root.
 *
 * <p>Subcommands: {@code id} (the camera's ID, creating its identity on first use), {@code devices}
 * (capture devices) and the developer's {@code encode} (source to a raw H.264 file). The
 * {@code run} subcommand, which registers with the cloud and streams to viewers, arrives with the
 * session wiring and is registered in {@link #commandLine()}, next to the others.
 *
 * <p>Exit codes: 0 done, 1 an expected failure (one line on standard error: no camera, damaged key
 * file, unreadable video), 2 invalid usage (one line and a pointer to {@code --help}).
 */
@Command(
        name = "p2pcam-camera",
        mixinStandardHelpOptions = true,
        versionProvider = JarVersion.class,
        usageHelpAutoWidth = true,
        description = "A p2pcam camera for developers: webcam, video file or synthetic test pattern, "
                + "encoded to low-latency H.264.",
        subcommands = {
            IdCommand.class,
            RunCommand.class,
            ViewersCommand.class,
            DevicesCommand.class,
            EncodeCommand.class
        })
public final class CameraEmulatorCommand implements Callable<Integer> {
    static final int EXIT_FAILURE = 1;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        NativeLogging.quiet();
        System.exit(commandLine().execute(args));
    }

    /** The command line with one-line error handling installed. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new CameraEmulatorCommand());
        commandLine.setParameterExceptionHandler(CameraEmulatorCommand::invalidUsage);
        commandLine.setExecutionExceptionHandler(CameraEmulatorCommand::failed);
        return commandLine;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a subcommand is needed: id, run, viewers, devices or encode");
    }

    private static int invalidUsage(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + UsageErrors.describe(e));
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof IdentityStoreException
                || e instanceof SourceException
                || e instanceof EncoderException
                || e instanceof IOException
                || e instanceof IllegalArgumentException) {
            PrintWriter err = command.getErr();
            err.println(command.getCommandSpec().qualifiedName() + ": " + oneLine(e));
            err.flush();
            return EXIT_FAILURE;
        }
        throw e; // a bug: picocli prints the stack trace
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage();
        if (e instanceof FileSystemException file && file.getFile() != null) {
            message = file.getFile() + ": " + UserFiles.describe(file);
        } else if (e instanceof IOException && !(e.getClass() == IOException.class)) {
            message = e.getClass()
                            .getSimpleName()
                            .replace("Exception", "")
                            .replaceAll("([a-z])([A-Z])", "$1 $2")
                            .toLowerCase(Locale.ROOT)
                    + ": " + message;
        }
        return message == null ? e.toString() : message.lines().findFirst().orElse("");
    }
}
