package io.p2pcam.viewer.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.runtime.Impairment;
import io.p2pcam.viewer.config.CloudPassStore;
import io.p2pcam.viewer.engine.audio.Microphone;
import io.p2pcam.viewer.engine.audio.Talkback;
import io.p2pcam.viewer.engine.connection.CameraConnection;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Watches one open connection of probe until it has decoded the frames asked for, failed, timed
 * out or been stopped by a signal ({@link ProbeInterruption}), closes it and prints probe's line
 * for it: the figures ({@link SessionLine}), those measured so far marked {@code "interrupted":
 * true}, or a failure ({@link FailureLine}). Returns the exit status.
 */
final class SessionWatch {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final int frames;
    private final double timeoutSeconds;
    private final StreamOption stream;
    private final TalkOptions talk;
    private final AudioTraceOption audioTrace;
    private final String impairSpec;

    /** The options of probe that the watch applies; {@code impairSpec} is the --impair text or null. */
    SessionWatch(
            PrintWriter out,
            int frames,
            double timeoutSeconds,
            StreamOption stream,
            TalkOptions talk,
            AudioTraceOption audioTrace,
            String impairSpec) {
        this.out = out;
        this.frames = frames;
        this.timeoutSeconds = timeoutSeconds;
        this.stream = stream;
        this.talk = talk;
        this.audioTrace = audioTrace;
        this.impairSpec = impairSpec;
    }

    int watch(
            CameraId id,
            CameraConnection opened,
            Milestones milestones,
            ProbeStats stats,
            AudioMarks marks,
            long started,
            Duration timeout,
            Impairment impairment,
            ProbeCommand.Rendezvous how)
            throws Exception {
        CloudPassStore passes = how.passes();
        Talkback talkback = null;
        try (CameraConnection connection = opened) {
            connection.playAudio(marks);
            boolean done;
            boolean interrupted = false;
            try {
                Microphone microphone = talk.microphone();
                if (microphone != null) {
                    // Talk once live (before that every packet would be dropped), until the probe ends.
                    long toLive = timeout.toNanos() - (System.nanoTime() - started);
                    if (milestones.liveNow.await(Math.max(0, toLive), TimeUnit.NANOSECONDS)) {
                        talkback = new Talkback(microphone, connection::talk, new SecureRandom());
                    } else {
                        microphone.close();
                    }
                }
                long remaining = timeout.toNanos() - (System.nanoTime() - started);
                done = milestones.finished.await(Math.max(0, remaining), TimeUnit.NANOSECONDS);
            } catch (InterruptedException signal) {
                done = false;
                interrupted = true;
            }
            if (talkback != null) {
                talkback.close();
            }
            if (passes != null && milestones.admitted != null) {
                keepPass(passes, id, milestones.admitted.welcome().pass());
            }
            if (interrupted) {
                return interrupted(id, connection, milestones, stats, marks, started, impairment, how, talkback);
            }
            ViewerEvent.Failed failure = milestones.failure();
            if (failure != null && stats.frames() < frames) {
                return FailureLine.print(
                        out, id, failure.failure().name(), failure.message() + unpairedHint(failure, passes));
            }
            if (!done || stats.frames() < frames) {
                String cloudSilent = milestones.keyVerified == null && how.lanNote() != null
                        ? "; the cloud never answered, and " + how.lanNote()
                        : "";
                return FailureLine.print(
                        out,
                        id,
                        "TIMEOUT",
                        "timed out " + reached(milestones, stats) + " (" + timeoutSeconds + " s)" + cloudSilent);
            }
            long left = Math.max(Duration.ofSeconds(5).toNanos(), timeout.toNanos() - (System.nanoTime() - started));
            SwitchWatch switched = stream.switchTarget() == null
                    ? null
                    : SwitchWatch.run(connection, milestones, stats, stream.switchTarget(), left);
            Map<String, Object> line = new SessionLine(id, how, connection, milestones, stats, started)
                    .describe(stream, switched, impairment, impairSpec, marks, talkback != null);
            out.println(JSON.writeValueAsString(line));
            out.flush();
            audioTrace.write(marks);
            return 0;
        } finally {
            if (talkback != null) {
                talkback.close();
            }
        }
    }

    /**
     * The line of a probe a signal stopped: the figures so far once the session was live (a script
     * that stops a long probe still gets what it measured), else a failure that says how far it got.
     */
    private int interrupted(
            CameraId id,
            CameraConnection connection,
            Milestones milestones,
            ProbeStats stats,
            AudioMarks marks,
            long started,
            Impairment impairment,
            ProbeCommand.Rendezvous how,
            Talkback talkback)
            throws Exception {
        Map<String, Object> line = milestones.live == null
                ? null
                : new SessionLine(id, how, connection, milestones, stats, started)
                        .describe(stream, null, impairment, impairSpec, marks, talkback != null);
        // Closed before the line is printed, while the signal's grace lasts: the camera hears the viewer leave.
        connection.close();
        if (line == null) {
            return FailureLine.print(out, id, "INTERRUPTED", "stopped by a signal " + reached(milestones, stats));
        }
        line.put("interrupted", true);
        out.println(JSON.writeValueAsString(line));
        out.flush();
        return 1; // not what the shell sees: the JVM, stopped by the signal, exits with 128 + its number
    }

    /** How far the probe got, for a line that says why it ended early. */
    private String reached(Milestones milestones, ProbeStats stats) {
        return milestones.live == null
                ? "before the camera was reached"
                : stats.frames() == 0
                        ? "before the first frame"
                        : "after " + stats.frames() + " of " + frames + " frames";
    }

    /**
     * What to do about a camera that limits handshakes from viewers it does not know (docs/PROTOCOL.md
     * §10.1: a few at once per address, then one every few seconds): a probe without a key
     * directory is such a viewer every time, where the desktop app pairs after its first password.
     */
    static String unpairedHint(ViewerEvent.Failed failure, CloudPassStore passes) {
        if (failure.failure() != ViewerFailure.TOO_MANY_ATTEMPTS || passes != null) {
            return "";
        }
        return " (this probe is a viewer the camera does not know: with --key-directory DIR it pairs, as the"
                + " desktop app does, and later probes with that DIR are not limited)";
    }

    /** Keeps a paired camera's new cloud pass for the next probe with this key directory (§5.3). */
    private static void keepPass(CloudPassStore passes, CameraId id, CloudPass pass) {
        try {
            passes.put(id, pass);
        } catch (IOException e) {
            System.err.println("probe: cannot keep the camera's cloud pass in --key-directory: " + e.getMessage());
        }
    }
}
