package io.p2pcam.viewer.cli;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdFormatException;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.runtime.HostPort;
import io.p2pcam.runtime.UsageErrors;
import io.p2pcam.runtime.UserFiles;
import io.p2pcam.viewer.app.EarlyToolkit;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.config.CloudChoice;
import io.p2pcam.viewer.engine.decode.HwAccel;
import io.p2pcam.viewer.engine.decode.HwAccelOption;
import io.p2pcam.viewer.probe.ProbeCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The viewer's command line: with no subcommand it opens the desktop app; {@code probe} checks a camera from a terminal. */
@Command(
        name = "p2pcam-viewer",
        mixinStandardHelpOptions = true,
        versionProvider = ViewerCommand.Version.class,
        sortOptions = false,
        description = {
            "p2pcam viewer: watch cameras by their ID.",
            "",
            "Without a command, opens the desktop app. Cameras and settings are kept in the user's config "
                    + "directory (Linux: ~/.config/p2pcam/viewer.json, owner-only)."
        })
public final class ViewerCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--config-dir",
            paramLabel = "DIR",
            description =
                    "Keep cameras and settings here instead of the user's config directory (or env P2PCAM_CONFIG_DIR).")
    Path configDirectory;

    @Option(
            names = "--cloud",
            paramLabel = "HOST[:PORT][,…]",
            split = ",",
            description = "Use these cloud servers (saved as the new setting).")
    List<String> clouds = List.of();

    @Option(
            names = "--add-camera",
            paramLabel = "ID",
            description = "Put this camera in the list before the window opens.")
    String addCamera;

    @Option(names = "--camera-name", paramLabel = "NAME", description = "Name for --add-camera.")
    String cameraName;

    @Option(
            names = "--camera-password-file",
            paramLabel = "FILE",
            description = "Password for --add-camera from the first line of FILE (or env P2PCAM_PASSWORD).")
    Path passwordFile;

    @Option(
            names = "--startup-check",
            description = {
                "Open the window with an empty configuration (or --config-dir), load the engine, print how "
                        + "long the window took to show after the process started, and exit. Packaging uses it to train "
                        + "the class-data archive; bench/viewer-startup.sh to time start-up."
            })
    boolean startupCheck;

    @Mixin
    HwAccelOption hwaccel = new HwAccelOption();

    @Override
    public Integer call() {
        return launch().run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * The launch the parsed options ask for, checked before anything starts.
     *
     * @throws CommandLine.ParameterException for a value or a combination of options the viewer
     *     cannot use (a usage error: one line, exit 2)
     */
    DesktopLaunch launch() {
        Optional<CameraEntry> camera;
        String hwaccelProblem = hwaccel.problem();
        if (hwaccelProblem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), hwaccelProblem);
        }
        // Given on the command line, it decides for this run; otherwise the app applies the saved setting.
        Optional<HwAccel> hwaccelForThisRun =
                spec.commandLine().getParseResult().hasMatchedOption("--hwaccel")
                        ? Optional.of(hwaccel.choice())
                        : Optional.empty();
        try {
            camera = cameraToAdd();
            for (String cloud : clouds) {
                HostPort.parseUnresolved(cloud, CloudChoice.DEFAULT_PORT);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return new DesktopLaunch(configDirectory, clouds, camera, hwaccelForThisRun, startupCheck);
    }

    private Optional<CameraEntry> cameraToAdd() {
        if (addCamera == null) {
            // Without a camera to add they would be ignored, and the window open as if all were well.
            if (cameraName != null) {
                throw new IllegalArgumentException("--camera-name names the camera of --add-camera");
            }
            if (passwordFile != null) {
                throw new IllegalArgumentException("--camera-password-file is the password of --add-camera's camera");
            }
            return Optional.empty();
        }
        CameraId id;
        try {
            id = CameraId.parse(addCamera);
        } catch (CameraIdFormatException e) {
            throw new IllegalArgumentException("--add-camera " + addCamera + ": " + e.getMessage());
        }
        String password = System.getenv("P2PCAM_PASSWORD");
        if (passwordFile != null) {
            try {
                password = UserFiles.secretLine(passwordFile);
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "--camera-password-file: cannot read " + passwordFile + ": " + UserFiles.describe(e));
            }
        }
        return Optional.of(new CameraEntry(id, cameraName, Password.of(password)));
    }

    /**
     * Parses {@code args} with picocli and runs what they ask for; returns the exit code (2 for a
     * command line it cannot parse, with one line saying why). {@link ViewerMain} calls it for every
     * launch with options.
     */
    static int execute(String[] args) {
        CommandLine commandLine = new CommandLine(new ViewerCommand());
        if (!EarlyToolkit.opensWindow(List.of(args))) {
            // Only when it can be asked for: building probe's forty options costs the window ~0.2 s.
            commandLine.addSubcommand(new ProbeCommand());
        }
        commandLine.setParameterExceptionHandler((problem, arguments) -> {
            CommandLine failed = problem.getCommandLine();
            if (failed == commandLine && failed.getSubcommands().isEmpty()) {
                // Left out above for a launch that opens the window; no window opens now, and a
                // mistyped command is to be told which commands there are.
                failed.addSubcommand(new ProbeCommand());
            }
            failed.getErr().println("p2pcam-viewer: " + UsageErrors.describe(problem));
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
            return 2;
        });
        return commandLine.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ViewerCommand.class.getPackage().getImplementationVersion();
            return new String[] {
                "p2pcam-viewer " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
            };
        }
    }
}
