package io.p2pcam.camera.cli;

import io.p2pcam.camera.audio.AudioLoop;
import io.p2pcam.camera.audio.AudioSource;
import io.p2pcam.camera.audio.AudioSpec;
import io.p2pcam.camera.audio.DeviceSpeaker;
import io.p2pcam.camera.audio.MicrophoneSource;
import io.p2pcam.camera.audio.Speaker;
import io.p2pcam.camera.audio.WavFileSpeaker;
import io.p2pcam.camera.identity.IdentityStore;
import io.p2pcam.camera.identity.IdentityStoreException;
import io.p2pcam.camera.live.LiveCamera;
import io.p2pcam.camera.live.PlainRtpOutput;
import io.p2pcam.camera.media.EncoderException;
import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.EncoderSettings;
import io.p2pcam.camera.media.H264Encoder;
import io.p2pcam.camera.media.SourceException;
import io.p2pcam.camera.media.SourceSpec;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.camera.media.VideoSource;
import io.p2pcam.media.codec.ConcentusCompilerDirective;
import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.media.codec.OpusWarmUp;
import io.p2pcam.media.codec.SoundBand;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.lan.LanAnnouncement;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.runtime.HostPort;
import io.p2pcam.runtime.LanAnnouncer;
import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code run}: the camera itself. Registers with the cloud, admits viewers that know the password
 * and streams live H.264 to them directly, until Ctrl-C or SIGTERM.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        defaultValueProvider = StateDirectory.Default.class,
        description = "Registers with the cloud and streams to viewers that know the password, until stopped.")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = {"Where the camera keeps its identity. Default: $P2PCAM_STATE_DIR, else", "${DEFAULT-VALUE}"})
    private Path stateDir;

    @Option(
            names = "--cloud",
            paramLabel = "HOST:PORT[,HOST:PORT…]",
            description = {
                "The cloud to register with, e.g. 127.0.0.1:32100 (port 32100 if left out). Several nodes, "
                        + "as a comma list or a name with several A/AAAA records: the camera registers with two of them "
                        + "at once and keeps both alive, moving to a spare one when one stops answering."
            })
    private String cloud;

    @Option(
            names = "--rtp-out",
            paramLabel = "HOST:PORT",
            description = {
                "DEBUG, UNENCRYPTED, LOCAL USE ONLY: also send the video as plain RTP (H.264, PT 96) to HOST:PORT "
                        + "and the sound (Opus, PT 111) to HOST:PORT+2, "
                        + "for third-party players (ffplay -protocol_whitelist file,udp,rtp -i FILE.sdp). Works without --cloud."
            })
    private String rtpOut;

    @Option(
            names = "--sdp",
            paramLabel = "FILE",
            description = "With --rtp-out: write the SDP file that describes it here.")
    private Path sdpFile;

    @Mixin
    private PasswordOptions password;

    @Mixin
    private EncodingOptions encoding;

    @Option(
            names = "--bind",
            paramLabel = "[HOST:]PORT",
            defaultValue = "0.0.0.0:0",
            description = "Local UDP address (port 0 = any free). Default: ${DEFAULT-VALUE}.")
    private String bind;

    @Option(
            names = "--audio-source",
            paramLabel = "SOUND",
            defaultValue = "auto",
            converter = SoundConverters.AudioSpecs.class,
            description = {
                "auto, synthetic, file:PATH, mic or mic:DEVICE ('devices' lists microphones). Default: ${DEFAULT-VALUE}, "
                        + "the sound that goes with --source: the timing-marked sound of the synthetic picture, a file's own "
                        + "sound track, the default microphone for a webcam (video alone if it cannot be opened)."
            })
    private AudioSpec audioSource;

    @Option(names = "--no-audio", description = "Send no sound, whatever the source.")
    private boolean noAudio;

    @Option(
            names = "--no-audio-dtx",
            description = {
                "Send every sound frame, silence too (by default frames of silence are not sent to viewers:",
                "Opus DTX, a comfort-noise frame every 400 ms; --rtp-out sends a packet every 20 ms either way)."
            })
    private boolean noAudioDtx;

    @Option(
            names = "--audio-band",
            paramLabel = "wide|full",
            defaultValue = "wide",
            converter = SoundConverters.Bands.class,
            description =
                    "How much of the sound is coded: wide (up to 8 kHz, speech as wideband cameras carry it, at the "
                            + "least CPU) or full (up to 20 kHz: music, ambience). Default: ${DEFAULT-VALUE}.")
    private SoundBand audioBand;

    @Option(
            names = "--speaker-file",
            paramLabel = "FILE.wav",
            description = {
                "Write what viewers say (talkback) to FILE.wav (48 kHz mono 16-bit PCM, valid at every "
                        + "moment) instead of playing it on the default sound output. Without it and without a sound "
                        + "output, talkback is not played."
            })
    private Path speakerFile;

    @Option(
            names = "--sub-size",
            paramLabel = "WxH|off",
            description = {
                "The sub-stream's picture size, smaller than --size, for viewers' grids (encoded from the"
                        + " same capture, only while a viewer watches it); off for the main stream alone.",
                "Default: " + DEFAULT_SUB_SIZE + " when --size is larger, else off."
            })
    private String subSize;

    static final String DEFAULT_SUB_SIZE = "640x360";

    @Option(
            names = "--max-viewers",
            paramLabel = "N",
            defaultValue = "4",
            description = "Viewers streaming at once (each takes its own share of the upload); one more is told"
                    + " the camera is busy. Default: ${DEFAULT-VALUE}.")
    private int maxViewers;

    @Option(
            names = "--standby-keyframe",
            paramLabel = "MS",
            defaultValue = "0",
            description = {
                "While nobody watches, keep a main-stream keyframe made at most this many milliseconds ago, so "
                        + "the next viewer's first picture needs no encoding (one keyframe's encoding per interval); 0: off, "
                        + "the encoder closes while nobody watches. Default: ${DEFAULT-VALUE} (a stream is encoded only while "
                        + "watched; 1000 gives a first picture up to a second old for ~1.7 %% of a core more while idle)."
            })
    private int standbyKeyframeMillis;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description =
                    "The name announced on the LAN and shown in viewers' Add camera lists (default: Camera and the ID's first group).")
    private String name;

    @Option(
            names = "--no-lan-announce",
            description = {
                "Do not announce this camera on the LAN (mDNS/DNS-SD _p2pcam._udp). Viewers on the LAN then "
                        + "cannot find it without the cloud; it still answers a viewer that knows its address (PROTOCOL.md §10.8)."
            })
    private boolean noLanAnnounce;

    /** Where the sound comes from, for the log (set with the audio loop). */
    private String audioDescription = "nothing";

    /**
     * The sub-stream's settings from {@code --sub-size} (docs/PROTOCOL.md §10.9), or null for none;
     * its bitrate follows its size as the main stream's does.
     */
    EncoderSettings subStreamSettings(VideoFormat main) {
        VideoFormat sub;
        try {
            if ("off".equals(subSize)) {
                return null;
            }
            sub = VideoFormat.of(subSize == null ? DEFAULT_SUB_SIZE : subSize, main.fps());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--sub-size: " + e.getMessage());
        }
        boolean smaller = sub.width() < main.width() && sub.height() < main.height();
        if (!smaller) {
            if (subSize == null) {
                return null; // a small main stream needs no sub-stream
            }
            throw new ParameterException(
                    spec.commandLine(), "--sub-size " + subSize + " must be smaller than --size " + main);
        }
        return EncoderSettings.of(sub, EncoderSettings.defaultBitrate(sub));
    }

    /** The exit status when the network or encoder loop died by itself (docs/ADMIN.md). */
    static final int EXIT_LOOP_DIED = 1;

    @Override
    public Integer call()
            throws IOException, IdentityStoreException, SourceException, EncoderException, InterruptedException {
        if (cloud == null && rtpOut == null) {
            throw new ParameterException(
                    spec.commandLine(), "--cloud is needed (or --rtp-out for the plain RTP debug output alone)");
        }
        if (sdpFile != null && rtpOut == null) {
            throw new ParameterException(spec.commandLine(), "--sdp describes --rtp-out; give both");
        }
        InetSocketAddress rtpTarget = rtpOut == null ? null : parseAddress(rtpOut, 5004, "--rtp-out");
        Password secret = cloud == null ? null : Password.of(password.read(spec.commandLine(), stateDir));
        List<InetSocketAddress> cloudNodes = cloud == null ? List.of() : parseNodes(cloud, 32100, "--cloud");
        InetSocketAddress bindAddress;
        try {
            bindAddress = HostPort.parseBind(bind.contains(":") ? bind : "0.0.0.0:" + bind);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--bind: " + e.getMessage());
        }
        EncoderSettings settings = encoding.settings(spec);
        VideoFormat format = settings.format();
        SourceSpec source = encoding.source;
        if (maxViewers < 1) {
            throw new ParameterException(spec.commandLine(), "--max-viewers must be at least 1");
        }
        if (noAudio && spec.commandLine().getParseResult().hasMatchedOption("--audio-source")) {
            throw new ParameterException(spec.commandLine(), "--no-audio or --audio-source, not both");
        }
        if (standbyKeyframeMillis < 0) {
            throw new ParameterException(spec.commandLine(), "--standby-keyframe must be 0 (off) or positive");
        }
        CameraIdentity identity = cloud == null ? null : IdentityStore.loadOrCreate(stateDir, new SecureRandom());
        VideoSource video = source.open(format, Clock.systemUTC());
        EncoderSettings subStream = subStreamSettings(format);
        EncoderLoop encoder = new EncoderLoop(video, new H264Encoder(settings), subStream);
        if (standbyKeyframeMillis > 0) {
            encoder.keepStandbyKeyframe(Duration.ofMillis(standbyKeyframeMillis));
        }
        if (subStream != null) {
            log.info("main stream {}, sub-stream {}", format, subStream.format());
        }
        AudioLoop audio = audioLoop(source);
        PlainRtpOutput plain = null;
        if (rtpTarget != null) {
            plain = new PlainRtpOutput(rtpTarget, new SecureRandom());
            if (sdpFile != null) {
                try {
                    PlainRtpOutput.writeSdp(
                            sdpFile, rtpTarget, format, PlainRtpOutput.Sound.of(audio == null ? null : audioBand));
                } catch (IOException e) {
                    throw new ParameterException(
                            spec.commandLine(), "--sdp " + sdpFile + ": cannot write it: " + UserFiles.describe(e));
                }
            }
            encoder.subscribe(plain);
            if (audio != null) {
                audio.subscribe(plain.audio());
            }
            log.warn(
                    "plain RTP debug output to {} (UNENCRYPTED: local use only){}",
                    rtpTarget,
                    sdpFile == null ? "" : ", SDP in " + sdpFile);
        }
        AutoCloseable running;
        CompletableFuture<Void> died;
        if (cloud != null) {
            Speaker speaker = speaker();
            if (audio != null || speaker != null) {
                // Before the codec's first frame: C2 leaves out the encoder's two dearest methods.
                log.debug(
                        "compiler directive: {}",
                        ConcentusCompilerDirective.installForEncoder().answer());
                // Opus is Java (Concentus): compiled before a viewer's first frame or first word, not on it.
                OpusWarmUp.startForCamera(audioBand);
            }
            LiveCamera camera = LiveCamera.start(
                    new LiveCamera.Settings(identity, cloudNodes, secret, bindAddress, maxViewers, stateDir),
                    format,
                    encoder,
                    audio,
                    speaker,
                    e -> {});
            log.info(
                    "talkback: {}",
                    speaker == null
                            ? "no sound output device, so what viewers say is not played (--speaker-file FILE.wav writes it)"
                            : "played on " + speaker.describe());
            log.info(
                    "sound: {}",
                    audio == null ? "none" : "Opus 48 kHz mono, " + audioBand + "band, from " + audioDescription);
            log.info(
                    "camera {} streaming {} {}x{}@{} from {} (UDP {})",
                    identity.id(),
                    source,
                    format.width(),
                    format.height(),
                    format.fps(),
                    source,
                    camera.localAddress().getPort());
            if (cloudNodes.size() > 1) {
                log.info("cloud nodes {}: registering with two at once (the first two that answer)", cloudNodes);
            }
            spec.commandLine().getOut().println("camera " + identity.id() + " is running; Ctrl-C stops it");
            LanAnnouncer announcer = noLanAnnounce
                    ? null
                    : LanAnnouncer.start(new LanAnnouncement(
                            identity.id(),
                            cameraName(identity),
                            camera.localAddress().getPort()));
            running = () -> {
                if (announcer != null) {
                    announcer.close(); // a goodbye on the LAN first: viewers drop us from their lists
                }
                camera.close();
            };
            died = camera.died();
        } else {
            encoder.start();
            died = encoder.terminated();
            if (audio != null) {
                audio.ensureStarted();
                died = CompletableFuture.anyOf(died, audio.terminated()).<Void>thenApply(ignored -> null);
            }
            spec.commandLine()
                    .getOut()
                    .println("plain RTP debug output to " + rtpTarget + " is running; Ctrl-C stops it");
            AudioLoop sound = audio;
            running = () -> {
                encoder.close();
                if (sound != null) {
                    sound.close();
                }
            };
        }
        spec.commandLine().getOut().flush();
        PlainRtpOutput debugOutput = plain;
        // Completes with null when a signal stops us, with the cause when a loop dies by itself.
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        died.whenComplete((ignored, cause) -> {
            if (cause != null) {
                ended.complete(cause);
            }
        });
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                running.close();
                            } catch (Exception e) {
                                log.warn("stopping: {}", e.toString());
                            }
                            if (debugOutput != null) {
                                debugOutput.close();
                            }
                            log.info("stopped");
                            ended.complete(null);
                        },
                        "shutdown"));
        Throwable cause;
        try {
            cause = ended.get();
        } catch (ExecutionException e) {
            cause = e.getCause();
        }
        if (cause == null) {
            return 0;
        }
        // A dead loop leaves a process that streams nothing: exit non-zero so that a service
        // manager (systemd Restart=on-failure) starts a fresh camera.
        spec.commandLine().getErr().println("p2pcam-camera run: stopped: " + cause.getMessage());
        spec.commandLine().getErr().flush();
        try {
            running.close();
        } catch (Exception e) {
            log.warn("stopping: {}", e.toString());
        }
        if (debugOutput != null) {
            debugOutput.close();
        }
        return EXIT_LOOP_DIED;
    }

    /**
     * The sound that goes with {@code source}, encoded (not started), or null: none asked for, or
     * none this source has yet.
     */
    private AudioLoop audioLoop(SourceSpec source) throws EncoderException, SourceException {
        if (noAudio) {
            return null;
        }
        Optional<AudioSpec> sound = audioSource.resolve(source);
        if (sound.isEmpty()) {
            log.info("{} has no sound track; streaming video alone", source);
            return null;
        }
        AudioSource input;
        try {
            input = AudioSpec.open(sound.get(), Clock.systemUTC());
        } catch (SourceException e) {
            if (!(audioSource instanceof AudioSpec.Auto)) {
                throw e; // asked for by name: a clear error
            }
            // A webcam without a usable microphone is common: its picture alone is still useful.
            log.warn("no sound: {}; streaming video alone (--no-audio says so quietly)", e.getMessage());
            return null;
        }
        audioDescription = input instanceof MicrophoneSource mic ? mic.describe() : "the " + sound.get() + " source";
        return new AudioLoop(input, new OpusEncoder(!noAudioDtx, audioBand));
    }

    /** The speaker talkback plays on: --speaker-file, else the default sound output, else none (null). */
    private Speaker speaker() throws IOException {
        if (speakerFile != null) {
            try {
                return new Speaker(WavFileSpeaker.create(speakerFile), Clock.systemUTC());
            } catch (IOException e) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--speaker-file " + speakerFile + ": cannot write it: " + UserFiles.describe(e));
            }
        }
        return DeviceSpeaker.open()
                .map(device -> new Speaker(device, Clock.systemUTC()))
                .orElse(null);
    }

    private List<InetSocketAddress> parseNodes(String text, int defaultPort, String option) {
        try {
            return HostPort.parseAll(text, defaultPort);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    private InetSocketAddress parseAddress(String text, int defaultPort, String option) {
        try {
            return HostPort.parse(text, defaultPort);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    /** The --name, or "Camera" and the first group of the ID (distinct in a list, no DNS query needed). */
    private String cameraName(CameraIdentity identity) {
        if (name != null && !name.isBlank()) {
            return name;
        }
        return "Camera " + identity.id().toString().substring(0, 5);
    }
}
