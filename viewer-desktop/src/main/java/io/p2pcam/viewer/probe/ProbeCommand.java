package io.p2pcam.viewer.probe;

import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdFormatException;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.runtime.HostPort;
import io.p2pcam.runtime.Impairment;
import io.p2pcam.runtime.LanBrowser;
import io.p2pcam.runtime.UserFiles;
import io.p2pcam.viewer.config.CloudPassStore;
import io.p2pcam.viewer.config.ViewerKeyStore;
import io.p2pcam.viewer.engine.connection.CameraConnection;
import io.p2pcam.viewer.engine.connection.ConnectionSettings;
import io.p2pcam.viewer.engine.connection.EngineWarmUp;
import io.p2pcam.viewer.engine.decode.HwAccelOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code probe}: connects to one camera with the same engine as the desktop app, decodes N
 * frames and prints one JSON line of figures — or one JSON line with an {@code error} code and
 * a message — so that scripts, CI and people can check a camera from a terminal.
 */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = {
            "Connect to a camera, decode frames and print one JSON line of figures.",
            "Exit 0 only when all frames were decoded; on failure the line has 'error' and 'message'.",
            "Where the time went, each counted from the start of the connection attempt (after the engine "
                    + "has loaded its native libraries and crypto once): lookupMs (the cloud gave the camera's key and "
                    + "it matches the ID), connectMs (the camera admitted us), pathMs (a punched or relayed path "
                    + "answered), firstPacketMs (first media packet), firstFrameMs (first picture decoded), firstFrameAgeMs "
                    + "(how old that picture was: a camera's standby keyframe was captured before it admitted us), "
                    + "firstLiveFrameMs (first picture captured after the camera admitted us). "
                    + "firstUnitKeyframe says whether the first access unit received was a keyframe.",
            "The camera's streams as its welcome lists them are in streams, each with its stream (main or sub), "
                    + "width, height and fps; it is absent for a camera that lists none (older than the list).",
            "When the cloud does not answer within --cloud-wait (or cannot be reached, or does not know the "
                    + "camera) and the camera is announced on this LAN (mDNS), probe connects to it there directly with "
                    + "no cloud: the line then has rendezvous \"lan\" (else \"cloud\"). --discover lists the cameras "
                    + "announced on this network, one JSON line each.",
            "A long probe (--frames N with a long --timeout) measures one session: across a change of this "
                    + "computer's network (another Wi-Fi, a VPN, a resume) the session follows its new address itself "
                    + "(docs/PROTOCOL.md §10.3), and the figures go on. A session lost meanwhile ends the probe with "
                    + "CONNECTION_LOST: probe does not connect again, unlike the app's tiles "
                    + "(decision 0067), because its line describes one connection (its times to the first frame, its "
                    + "path, its losses) and a second would be mixed into it. --repeat N connects again after each "
                    + "line, a failed one too."
        })
public final class ProbeCommand implements Callable<Integer> {
    /**
     * How long the cloud has before probe also looks for the camera on the LAN: a cloud that
     * answers at all answers a lookup within a round trip, far below this.
     */
    static final Duration LAN_HEAD_START = Duration.ofMillis(500);

    private static final double MAX_TIMEOUT_SECONDS = 86_400; // a day: 1e12 overflowed a long of nanoseconds

    private static final Logger log = LoggerFactory.getLogger(ProbeCommand.class);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--cloud",
            paramLabel = "HOST:PORT[,HOST:PORT…]",
            description =
                    "The cloud server, e.g. 127.0.0.1:32100. Several nodes (a comma list, or a name with several "
                            + "A/AAAA records) are asked in turn: the next when one is silent for 1.6 s or does not know the camera.")
    String cloud;

    @Option(names = "--camera", paramLabel = "ID", description = "The camera ID (dashes optional).")
    String camera;

    @Mixin
    PasswordOptions passwordOptions = new PasswordOptions();

    @Option(
            names = "--key-directory",
            paramLabel = "DIR",
            description = "Keep this probe's viewer key in DIR (viewer.key, owner-only, made on first use) and ask the "
                    + "camera to pair with it, as the desktop app does: later probes with the same DIR need no "
                    + "password. Without it each run is a new viewer that never pairs.")
    Path keyDirectory;

    @Option(
            names = "--frames",
            defaultValue = "100",
            paramLabel = "N",
            description = "Frames to decode (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(
            names = "--repeat",
            defaultValue = "1",
            paramLabel = "N",
            description = {
                "Connect N times, one after the other in this process, one line each (default ${DEFAULT-VALUE}).",
                "The second and later lines time a connection in a warm process, as a further camera in the "
                        + "running desktop app."
            })
    int repeat;

    @Option(
            names = "--timeout",
            defaultValue = "20",
            paramLabel = "SECONDS",
            description = "Give up after this long in all (default ${DEFAULT-VALUE}; at most 86400, a day).")
    double timeoutSeconds;

    @Option(
            names = "--impair",
            paramLabel = "SPEC",
            description = "TESTING ONLY: pass this viewer's traffic (both directions) through a simulated bad network, "
                    + "a comma list such as loss=0.05,delay=25,jitter=5 or reorder=0.01,dup=0.01,burst=4000:3000:0.2 "
                    + "(times in ms from the start).")
    String impair;

    @Option(
            names = "--rtp-in",
            paramLabel = "[HOST:]PORT",
            description = {
                "TEST INPUT, UNENCRYPTED: instead of connecting to a camera, decode plain RTP/H.264 (PT any, RFC 6184) "
                        + "arriving on this UDP port and play plain RTP/Opus (RFC 7587) arriving on PORT+2, as ffmpeg "
                        + "-re -i IN sends them with:",
                "-c:v libx264 -f rtp rtp://localhost:PORT",
                "-c:a libopus -f rtp rtp://localhost:PORT+2",
                "The line then has audioReceived, audioFrames, audioLostFrames, audioRecoveredFrames (of the lost, "
                        + "those rebuilt from the next packet's in-band FEC), audioLateFrames (of the lost, those whose "
                        + "packet came after its slot was played), audioSkippedFrames (left out to bring the delay back), "
                        + "audioUnsupportedPackets (not Opus of whole 10 ms: ffmpeg's -frame_duration 2.5 or 5), "
                        + "audioConcealedMs and audioPeak (loudest sample). Frames count packets, 20 ms by default."
            })
    String rtpIn;

    @Mixin
    StreamOption stream = new StreamOption();

    @Mixin
    TalkOptions talk = new TalkOptions();

    @Mixin
    AudioTraceOption audioTrace = new AudioTraceOption();

    @Mixin
    HwAccelOption hwaccel = new HwAccelOption();

    @Mixin
    LanOptions lan = new LanOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String hwaccelProblem = hwaccel.problem();
        if (hwaccelProblem != null) {
            return fail(out, null, "BAD_ARGUMENT", hwaccelProblem);
        }
        // Before every mode (--rtp-in too); written so that NaN (which timed out at once) fails too.
        if (!(timeoutSeconds > 0 && timeoutSeconds <= MAX_TIMEOUT_SECONDS) || frames < 1) {
            return fail(out, null, "BAD_ARGUMENT", frames < 1 ? "--frames must be positive" : timeoutProblem());
        }
        hwaccel.apply(); // before the warm-up, which opens the device
        if (rtpIn != null || lan.discover) {
            String alone = rtpIn != null ? "--rtp-in" : "--discover";
            if (camera != null || cloud != null) {
                return fail(
                        out, null, "BAD_ARGUMENT", alone + " asks no camera or cloud: no --camera or --cloud with it");
            }
        }
        if (rtpIn != null) {
            return PlainRtpProbe.run(out, rtpIn, frames, timeoutSeconds);
        }
        String lanProblem = lan.problem();
        if (lanProblem != null) {
            return fail(out, null, "BAD_ARGUMENT", lanProblem);
        }
        if (lan.discover) {
            return LanProbe.discover(out, lan.discoverTime());
        }
        if ((cloud == null && !lan.lanOnly) || camera == null) {
            return fail(
                    out,
                    null,
                    "BAD_ARGUMENT",
                    "--cloud and --camera are needed (or --camera and --lan, --discover, or --rtp-in PORT)");
        }
        CameraId id;
        try {
            id = CameraId.parse(camera);
        } catch (CameraIdFormatException e) {
            return fail(out, null, "BAD_ID", "camera ID " + camera.strip() + ": " + e.getMessage());
        }
        List<InetSocketAddress> cloudNodes = List.of();
        String cloudProblem = null; // why the cloud is not tried at all (then the LAN is)
        if (cloud != null && !lan.lanOnly) {
            try {
                cloudNodes = HostPort.parseAll(cloud, 32100);
            } catch (IllegalArgumentException e) {
                if (lan.noLan || !e.getMessage().startsWith("cannot resolve")) {
                    return fail(out, id, "BAD_CLOUD", "--cloud: " + e.getMessage());
                }
                cloudProblem = "the cloud's name: " + e.getMessage();
            }
        }
        String password;
        try {
            password = passwordOptions.read();
        } catch (IOException e) {
            return fail(out, id, "BAD_ARGUMENT", passwordOptions.problem(e));
        }
        String passwordProblem = PasswordOptions.problem(password, keyDirectory != null);
        if (passwordProblem != null) {
            return fail(out, id, "BAD_PASSWORD", passwordProblem);
        }
        KeyPair viewerKey = null;
        CloudPassStore passes = null;
        if (keyDirectory != null) {
            try {
                viewerKey = ViewerKeyStore.loadOrCreate(keyDirectory, new SecureRandom());
                passes = CloudPassStore.load(keyDirectory);
            } catch (IOException e) {
                return fail(out, id, "BAD_ARGUMENT", "--key-directory " + keyDirectory + ": " + UserFiles.describe(e));
            }
        }
        Impairment impairment = null;
        if (impair != null) {
            try {
                impairment = Impairment.parse(impair);
            } catch (IllegalArgumentException e) {
                return fail(out, id, "BAD_ARGUMENT", "--impair: " + e.getMessage());
            }
        }
        String traceProblem = audioTrace.problem();
        if (traceProblem != null) {
            return fail(out, id, "BAD_ARGUMENT", traceProblem);
        }
        String talkProblem = talk.problem();
        if (talkProblem != null) {
            return fail(out, id, "BAD_ARGUMENT", talkProblem);
        }
        String streamProblem = stream.problem();
        if (streamProblem != null) {
            return fail(out, id, "BAD_ARGUMENT", streamProblem);
        }
        if (repeat < 1) {
            return fail(out, id, "BAD_ARGUMENT", "--repeat must be positive");
        }
        int exit = 0;
        try (ProbeInterruption interruption = ProbeInterruption.watch(Thread.currentThread())) {
            for (int attempt = 0; attempt < repeat && !interruption.signalled(); attempt++) {
                exit = Math.max(
                        exit,
                        probe(out, id, cloudNodes, cloudProblem, impairment, Password.of(password), viewerKey, passes));
            }
        }
        return exit;
    }

    /** {@code passes}: the cloud passes kept with a {@code --key-directory}, or null without one. */
    private int probe(
            PrintWriter out,
            CameraId id,
            List<InetSocketAddress> cloudNodes,
            String cloudProblem,
            Impairment impairment,
            Password password,
            KeyPair viewerKey,
            CloudPassStore passes)
            throws Exception {
        Duration timeout = Duration.ofMillis((long) (timeoutSeconds * 1000));
        EngineWarmUp.run(); // once per process, as the app does at start-up: the clock measures the connection
        log.info("warmed up; the clock starts"); // bench/audio-cpu.sh starts its window here
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        long burstEnd = impairment == null || impairment.burstMillis() == 0
                ? Long.MAX_VALUE
                : startedAt.toEpochMilli() * 1000 + (impairment.burstStartMillis() + impairment.burstMillis()) * 1000;
        ProbeStats stats = new ProbeStats(
                Math.max(frames, 1), burstEnd, startedAt.getEpochSecond() * 1_000_000 + startedAt.getNano() / 1_000);
        CloudPass pass = passes == null ? CloudPass.NONE : passes.get(id);
        // Without a cloud (--lan, or its name does not resolve) the settings' cloud is a placeholder:
        // only settings.directTo(camera on the LAN) is opened then.
        InetSocketAddress firstNode = cloudNodes.isEmpty() ? new InetSocketAddress(0) : cloudNodes.getFirst();
        ConnectionSettings settings = new ConnectionSettings(
                firstNode, id, password, "p2pcam probe", timeout, viewerKey, pass, cloudNodes, false);
        AudioMarks marks = new AudioMarks(Clock.systemUTC());
        CompletableFuture<LanBrowser> browsing = null;
        CameraConnection opened = null;
        try {
            Milestones milestones = new Milestones(frames, stream.switchTarget() == null);
            String rendezvous = "cloud";
            String lanNote = null; // why the camera was not found on the LAN, when it was looked for
            LanBrowser.Found onLan = null; // where it was, when it is connected to there
            LanBrowser lanBrowser = null;
            if (!cloudNodes.isEmpty() && !lan.lanOnly) {
                opened = stream.open(settings, milestones.listener(stats), impairment);
                Duration headStart = min(LAN_HEAD_START, lan.cloudWait());
                if (!lan.noLan && !milestones.awaitCloud(headStart)) {
                    // The cloud is slow or gone: look on the LAN meanwhile, so that by the time the
                    // cloud is found silent a camera there has usually answered. Not sooner: an mDNS
                    // browser's sockets and threads would compete with a connection the cloud is
                    // about to broker (issue 16 §2).
                    browsing = startBrowsing();
                }
                if (browsing != null && !milestones.awaitCloud(lan.cloudWait().minus(headStart))) {
                    // The cloud did not help in time: is the camera on this LAN? (§10.8)
                    LanBrowser browser = browsing.join();
                    LanBrowser.Found found = browser.await(id, lan.discoverTime());
                    if (found != null) {
                        opened.close();
                        opened = null;
                        onLan = found;
                        lanBrowser = browser;
                    } else if (milestones.failure() == null) {
                        lanNote = LanProbe.whyNotFound(browser, id, lan.discoverTime()); // the cloud may still answer
                    } else {
                        opened.close();
                        ViewerEvent.Failed failed = milestones.failure();
                        return fail(
                                out,
                                id,
                                failed.failure().name(),
                                failed.message() + "; " + LanProbe.whyNotFound(browser, id, lan.discoverTime()));
                    }
                }
            } else {
                browsing = startBrowsing();
                LanBrowser browser = browsing.join();
                LanBrowser.Found found = browser.await(id, lan.discoverTime());
                if (found == null) {
                    return fail(
                            out,
                            id,
                            "NOT_ON_LAN",
                            (cloudProblem == null ? "" : cloudProblem + "; ")
                                    + LanProbe.whyNotFound(browser, id, lan.discoverTime()));
                }
                onLan = found;
                lanBrowser = browser;
            }
            if (onLan != null) { // found on the LAN: its announced instances in turn
                LanDirect.Tried<CameraConnection> direct =
                        direct(lanBrowser, id, onLan, started, settings, stats, impairment);
                if (direct == null) {
                    return notAnswering(out, id, lanBrowser);
                }
                opened = direct.connection();
                milestones = direct.milestones();
                rendezvous = "lan";
            }
            return new SessionWatch(out, frames, timeoutSeconds, stream, talk, audioTrace, impair)
                    .watch(
                            id,
                            opened,
                            milestones,
                            stats,
                            marks,
                            started,
                            timeout,
                            impairment,
                            new Rendezvous(rendezvous, lanNote, passes, pass, cloudNodes.size() > 1));
        } catch (InterruptedException signal) { // a signal before the session was watched (ProbeInterruption)
            if (opened != null) {
                opened.close(); // the camera, if it had admitted us, hears the viewer leave
            }
            return fail(out, id, "INTERRUPTED", "stopped by a signal before the camera was reached");
        } finally {
            if (browsing != null) { // JmDNS takes seconds to close; we are done with it
                browsing.thenAcceptAsync(LanBrowser::close, Thread::startVirtualThread);
            }
        }
    }

    /**
     * How the camera was reached: {@code kind} "cloud" or "lan"; why it was not found on the LAN
     * when it was looked for there, or null; the kept passes (or null) and the pass presented; whether
     * several cloud nodes were given (the line then says which one answered).
     */
    record Rendezvous(String kind, String lanNote, CloudPassStore passes, CloudPass pass, boolean severalNodes) {}

    /** Connects straight to camera {@code id} found on the LAN, its announced instances in turn (§10.8). */
    private LanDirect.Tried<CameraConnection> direct(
            LanBrowser browser,
            CameraId id,
            LanBrowser.Found found,
            long started,
            ConnectionSettings settings,
            ProbeStats stats,
            Impairment impairment)
            throws Exception {
        long deadline = started + (long) (timeoutSeconds * 1e9);
        return LanDirect.connect(
                LanDirect.of(browser),
                id,
                found.address(),
                deadline,
                LanDirect.ANSWER_WAIT,
                () -> new Milestones(frames, stream.switchTarget() == null),
                (address, milestones) ->
                        stream.open(settings.directTo(address), milestones.listener(stats), impairment));
    }

    /** Every instance announcing camera {@code id} was tried, and none answered as the camera. */
    private static int notAnswering(PrintWriter out, CameraId id, LanBrowser browser) throws Exception {
        return fail(
                out,
                id,
                "NOT_ON_LAN",
                "no address announcing it on the LAN answered as the camera (" + browser.ignoredAnnouncements()
                        + " announcements ignored)");
    }

    /** Off this thread: opening the mDNS sockets must not hold up the connection. */
    private static CompletableFuture<LanBrowser> startBrowsing() {
        return CompletableFuture.supplyAsync(LanBrowser::start, Thread::startVirtualThread);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Why --timeout cannot be used, with the value as typed: 1e12, not 1.0E12. */
    private String timeoutProblem() {

        OptionSpec given = spec.commandLine().getParseResult().matchedOption("--timeout");
        String typed = given == null
                ? String.valueOf(timeoutSeconds)
                : given.originalStringValues().getLast();
        return "--timeout takes seconds, more than 0 and at most 86400 (a day), not " + typed;
    }

    /** Prints the failure line ({@link FailureLine}); returns the exit status. */
    static int fail(PrintWriter out, CameraId id, String error, String message) throws Exception {
        return FailureLine.print(out, id, error, message);
    }
}
