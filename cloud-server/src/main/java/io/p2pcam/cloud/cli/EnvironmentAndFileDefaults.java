package io.p2pcam.cloud.cli;

import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies an option's value when it is not on the command line: first from the environment
 * ({@code --udp-port} → {@code P2PCAM_UDP_PORT}), then from the config file (a properties file whose
 * keys are the long option names without dashes, {@code udp-port=32100}); picocli falls back to
 * the annotated default after that. The config file is the one named by {@code --config}, else by
 * {@code P2PCAM_CONFIG}; it is read once, on first need. Remembers where each value came from, so
 * that an error about it can say so. Not thread-safe; one per parse.
 */
final class EnvironmentAndFileDefaults implements IDefaultValueProvider {
    static final String ENV_PREFIX = "P2PCAM_";
    static final String CONFIG_OPTION = "--config";

    private final CommandSpec spec;
    private final Map<String, String> environment;
    private final Map<String, String> sources = new HashMap<>();
    private Properties file;
    private Path filePath;
    private String fileProblem;

    EnvironmentAndFileDefaults(CommandSpec spec, Map<String, String> environment) {
        this.spec = spec;
        this.environment = environment;
    }

    /** {@code --udp-port} → {@code P2PCAM_UDP_PORT}. */
    static String environmentName(String longOption) {
        return ENV_PREFIX + key(longOption).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** {@code --udp-port} → {@code udp-port}, the config file key. */
    static String key(String longOption) {
        return longOption.replaceFirst("^-+", "");
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String name = option.longestName();
        String fromEnvironment = environment.get(environmentName(name));
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            sources.put(name, "environment variable " + environmentName(name));
            return fromEnvironment.strip();
        }
        if (name.equals(CONFIG_OPTION)) {
            return null;
        }
        Properties properties = configFile();
        String fromFile = properties == null ? null : properties.getProperty(key(name));
        if (fromFile != null) {
            sources.put(name, "config file " + filePath);
            return fromFile.strip();
        }
        return null;
    }

    /** Where an option's value came from when not from the command line ("environment variable P2PCAM_…"), or null. */
    String sourceOf(String longOption) {
        return sources.get(longOption);
    }

    /** The config file in use, or null when none is named. */
    Path configPath() {
        Object given = spec.findOption(CONFIG_OPTION).getValue();
        if (given != null) {
            return (Path) given;
        }
        String fromEnvironment = environment.get(environmentName(CONFIG_OPTION));
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : Path.of(fromEnvironment.strip());
    }

    /**
     * Why the config file in use could not be read (in words, without its path), or null when it
     * was read or none is named.
     */
    String configFileProblem() {
        return configFile() == null ? null : fileProblem;
    }

    /**
     * Reads the config file (once); a missing or unreadable one is reported by {@link CloudServerCommand}
     * when it validates (with {@link #configFileProblem}), so here it simply contributes nothing.
     */
    Properties configFile() {
        Path path = configPath();
        if (path == null) {
            return null;
        }
        if (file == null || !path.equals(filePath)) {
            filePath = path;
            file = new Properties();
            fileProblem = null;
            try (Reader reader = Files.newBufferedReader(path)) {
                file.load(reader);
            } catch (IOException e) {
                file = new Properties();
                fileProblem = UserFiles.describe(e);
            } catch (IllegalArgumentException e) { // a malformed backslash-u escape
                file = new Properties();
                fileProblem = e.getMessage();
            }
        }
        return file;
    }
}
