package io.p2pcam.cloud.cli;

import picocli.CommandLine.IVersionProvider;

/** The version written into the jar's manifest at build time ({@code Implementation-Version}). */
final class JarVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = JarVersion.class.getPackage().getImplementationVersion();
        return new String[] {
            "p2pcam-cloud " + (version == null ? "(development build)" : version),
            "Java " + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
        };
    }
}
