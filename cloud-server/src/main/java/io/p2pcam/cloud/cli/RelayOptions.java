package io.p2pcam.cloud.cli;

import io.p2pcam.cloud.core.RelayLimits;
import picocli.CommandLine.Option;

/** The relay and its limits as flags (docs/ADMIN.md): a mixin of {@link CloudServerCommand}. */
final class RelayOptions {
    @Option(
            names = "--relay",
            defaultValue = "false",
            fallbackValue = "true",
            arity = "0..1",
            paramLabel = "BOOLEAN",
            description = "Relay sessions that cannot go direct (hard NAT on both sides). The relay forwards "
                    + "end-to-end encrypted packets it cannot read; it costs bandwidth. Default: ${DEFAULT-VALUE}.")
    private boolean relay;

    @Option(
            names = "--relay-rate",
            paramLabel = "KBIT_PER_SECOND",
            defaultValue = "32000",
            description = "Peak bandwidth per relayed session, kbit/s (any one second). Default: ${DEFAULT-VALUE}.")
    private long relayRateKbit;

    @Option(
            names = "--relay-average-rate",
            paramLabel = "KBIT_PER_SECOND",
            defaultValue = "8000",
            description = "Average bandwidth per relayed session over a minute, kbit/s; a stream within it is "
                    + "relayed for as long as it lasts. Default: ${DEFAULT-VALUE}.")
    private long relayAverageKbit;

    @Option(
            names = "--relay-sessions",
            paramLabel = "COUNT",
            defaultValue = "10000",
            description = "Relay sessions held at most. Default: ${DEFAULT-VALUE}.")
    private int relaySessions;

    @Option(
            names = "--relay-sessions-per-camera",
            paramLabel = "COUNT",
            defaultValue = "16",
            description = "Relay sessions one camera takes part in at most. Default: ${DEFAULT-VALUE}.")
    private int relaySessionsPerCamera;

    @Option(
            names = "--relay-sessions-per-source",
            paramLabel = "COUNT",
            defaultValue = "16",
            description = "Relay sessions of viewers at one address (IPv6: one /64) at most; 4x that in one IPv6 /56, "
                    + "16x in one /48. Default: ${DEFAULT-VALUE}.")
    private int relaySessionsPerSource;

    RelayLimits limits(OptionCheck check) {
        check.require(relayRateKbit >= 1, "--relay-rate", "must be at least 1 kbit/s");
        check.require(
                relayAverageKbit >= 1 && relayAverageKbit <= relayRateKbit,
                "--relay-average-rate",
                "must be at least 1 kbit/s and at most --relay-rate");
        check.require(relaySessions >= 1, "--relay-sessions", "must be at least 1");
        check.require(relaySessionsPerCamera >= 1, "--relay-sessions-per-camera", "must be at least 1");
        check.require(relaySessionsPerSource >= 1, "--relay-sessions-per-source", "must be at least 1");
        if (!relay) {
            return RelayLimits.OFF;
        }
        return RelayLimits.on()
                .withRates(relayRateKbit * 1000 / 8, relayAverageKbit * 1000 / 8)
                .withSessions(relaySessions, relaySessionsPerCamera, relaySessionsPerSource);
    }
}
