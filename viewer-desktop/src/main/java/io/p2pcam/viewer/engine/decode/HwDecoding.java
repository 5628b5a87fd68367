package io.p2pcam.viewer.engine.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's video decoders, in hardware where the {@link HwAccel} choice and the machine allow
 * (docs/decisions/0025-hardware-decoding.md): the first decoder asked for opens the device (trying
 * the choice's candidates in turn), every later one shares it, and where none opens every decoder
 * is a software one that says why. Each decoder still falls back to software on its own when the
 * device fails on its pictures ({@link FallbackDecoder}).
 *
 * <p>Process-wide: the app and `probe` {@link #configure} it once from {@code --hwaccel} before the
 * first connection; the default is {@link HwAccel#AUTO}. Thread-safe.
 */
public final class HwDecoding {
    private static final Logger log = LoggerFactory.getLogger(HwDecoding.class);
    private static volatile HwDecoding instance = new HwDecoding(HwAccel.AUTO, HwDevice::openWithFfmpeg, osName());

    private final HwAccel choice;
    private final HwDevice.Opener opener;
    private final String os;
    private boolean resolved;
    private HwDevice device;
    private String why = "";

    /** Decoders following {@code choice}, opening devices with {@code opener}, on the platform {@code os}. */
    public HwDecoding(HwAccel choice, HwDevice.Opener opener, String os) {
        this.choice = Objects.requireNonNull(choice);
        this.opener = Objects.requireNonNull(opener);
        this.os = Objects.requireNonNull(os);
    }

    private static String osName() {
        return System.getProperty("os.name", "");
    }

    /** Sets the process's choice (before the first connection; decoders made earlier keep theirs). */
    public static void configure(HwAccel choice) {
        instance = new HwDecoding(choice, HwDevice::openWithFfmpeg, osName());
    }

    /** The process's decoders. */
    public static HwDecoding current() {
        return instance;
    }

    public HwAccel choice() {
        return choice;
    }

    /** A new decoder for one stream: on the shared device if there is one, else in software saying why. */
    public PictureDecoder newDecoder() {
        HwDevice shared = device();
        if (shared == null) {
            return FallbackDecoder.inSoftware(new H264Decoder(), whyNot());
        }
        return FallbackDecoder.onHardware(new H264Decoder(shared), shared.type(), H264Decoder::new);
    }

    /** The device decoders share, opened at the first call; null when decoding is in software. */
    public synchronized HwDevice device() {
        if (!resolved) {
            resolved = true;
            List<String> reasons = new ArrayList<>();
            for (String type : choice.candidates(os)) {
                HwDevice.Opened opened = opener.open(type);
                if (opened instanceof HwDevice.Opened.Device(HwDevice found)) {
                    device = found;
                    break;
                }
                HwDevice.Opened.Failed failed = (HwDevice.Opened.Failed) opened;
                reasons.add(failed.type() + ": " + failed.reason());
            }
            if (choice.off()) {
                why = "hardware decoding off"; // by --hwaccel off or the settings dialog alike
            } else if (device == null && reasons.isEmpty()) {
                why = "no hardware decoder known for " + os;
            } else {
                why = String.join("; ", reasons);
            }
            String built = choice.off() ? "not asked" : String.join(", ", HwDevice.compiledTypes());
            if (device != null) {
                log.info("Video decoding on {} (--hwaccel {}; FFmpeg's hwaccels: {})", device.type(), choice, built);
            } else {
                log.info("Video decoding in software ({}; FFmpeg's hwaccels: {})", why, built);
            }
        }
        return device;
    }

    /** Why decoding is in software (empty when on a device); opens the device first if not yet tried. */
    public synchronized String whyNot() {
        device();
        return device == null ? why : "";
    }
}
