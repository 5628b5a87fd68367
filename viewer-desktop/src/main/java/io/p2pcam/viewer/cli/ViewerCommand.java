package io.p2pcam.viewer.cli;

import io.p2pcam.viewer.probe.ProbeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The viewer's command line: {@code probe} now; the desktop app arrives with the viewer issue. */
@Command(name = "p2pcam-viewer", mixinStandardHelpOptions = true, versionProvider = ViewerCommand.Version.class,
        description = "p2pcam viewer: watch cameras by their ID.", subcommands = {ProbeCommand.class})
public final class ViewerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        io.p2pcam.viewer.engine.decode.FfmpegLogging.routeToSlf4j();
        CommandLine commandLine = new CommandLine(new ViewerCommand());
        commandLine.setParameterExceptionHandler((problem, arguments) -> {
            CommandLine failed = problem.getCommandLine();
            failed.getErr().println("p2pcam-viewer: " + problem.getMessage());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
            return 2;
        });
        int exit = commandLine.execute(args);
        System.exit(exit);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ViewerCommand.class.getPackage().getImplementationVersion();
            return new String[] {"p2pcam viewer " + (version == null ? "(development build)" : version)};
        }
    }
}
