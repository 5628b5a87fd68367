package io.p2pcam.viewer.engine.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hardware decoder that falls back to software by itself, without a lost picture while it is on
 * probation: until its first {@value #PROBATION_PICTURES} pictures came out, it keeps the access
 * units since the last keyframe (the pipeline {@link #flush()}es before each one), and if the
 * device fails (a decode error, a picture it cannot hand back, FFmpeg giving up on the hwaccel) the
 * software decoder decodes them again up to the one that failed, whose picture is then shown as if
 * nothing had happened. A failure after probation costs a keyframe (the pipeline asks for one and
 * keeps the last picture on screen): no black tile either way. Once in software it stays there.
 *
 * <p>Thread-safety: as {@link PictureDecoder}; {@link #decoderName()} from any thread.
 */
public final class FallbackDecoder implements PictureDecoder {
    /** Hardware pictures after which the device is trusted and access units are no longer kept. */
    public static final int PROBATION_PICTURES = 30;
    /** At most this many access units are kept (a long group of pictures ends the probation). */
    static final int MAX_KEPT = 150;

    private static final Logger log = LoggerFactory.getLogger(FallbackDecoder.class);

    private record Kept(byte[] annexB, long pts) {}

    private final Supplier<PictureDecoder> software;
    private final String hardware;
    private final List<Kept> kept = new ArrayList<>();
    private PictureDecoder current;
    private boolean onSoftware;
    private boolean keeping;
    private int hardwarePictures;
    private String lastError = "";
    private volatile String name;

    private FallbackDecoder(PictureDecoder current, Supplier<PictureDecoder> software, String hardware, String name) {
        this.current = Objects.requireNonNull(current);
        this.software = software;
        this.hardware = hardware;
        this.onSoftware = software == null;
        this.keeping = !onSoftware;
        this.name = name;
    }

    /** Decodes on {@code hardwareDecoder} (of device type {@code hardware}) and falls back to {@code software}. */
    public static FallbackDecoder onHardware(
            PictureDecoder hardwareDecoder, String hardware, Supplier<PictureDecoder> software) {
        return new FallbackDecoder(
                hardwareDecoder, Objects.requireNonNull(software), hardware, "hw: " + Objects.requireNonNull(hardware));
    }

    /** Decodes in software from the start, {@code why} saying why not on hardware (empty: no reason to give). */
    public static FallbackDecoder inSoftware(PictureDecoder softwareDecoder, String why) {
        return new FallbackDecoder(softwareDecoder, null, null, why.isEmpty() ? "sw" : "sw (" + why + ")");
    }

    @Override
    public DecodeStatus decode(byte[] annexB, int length, long pts) {
        lastError = "";
        if (onSoftware) {
            return current.decode(annexB, length, pts);
        }
        if (keeping) {
            if (kept.size() >= MAX_KEPT) {
                stopKeeping();
            } else {
                kept.add(new Kept(Arrays.copyOf(annexB, length), pts));
            }
        }
        DecodeStatus status = current.decode(annexB, length, pts);
        if (status == DecodeStatus.ERROR) {
            return fallBack(current.lastError());
        }
        if (status == DecodeStatus.FRAME && keeping && ++hardwarePictures >= PROBATION_PICTURES) {
            stopKeeping();
        }
        return status;
    }

    private void stopKeeping() {
        keeping = false;
        kept.clear();
    }

    /** The device failed: software from now on, decoding again what was kept (ending with this unit). */
    private DecodeStatus fallBack(String reason) {
        boolean replay = keeping && !kept.isEmpty();
        String why = hardware + " failed" + (replay ? " on the first pictures" : "") + ": " + reason;
        log.warn("Hardware decoding stopped, decoding in software from now on ({})", why);
        PictureDecoder failed = current;
        current = software.get();
        failed.close();
        onSoftware = true;
        name = "sw (" + why + ")";
        if (!replay) {
            lastError = reason;
            return DecodeStatus.ERROR; // the pipeline asks for a keyframe, the last picture stays on screen
        }
        DecodeStatus last = DecodeStatus.NO_FRAME;
        for (Kept unit : kept) {
            last = current.decode(unit.annexB(), unit.annexB().length, unit.pts());
        }
        stopKeeping();
        lastError = last == DecodeStatus.ERROR ? current.lastError() : "";
        return last;
    }

    @Override
    public AVFrame frame() {
        return current.frame();
    }

    @Override
    public String lastError() {
        return lastError.isEmpty() ? current.lastError() : lastError;
    }

    @Override
    public void flush() {
        current.flush();
        if (keeping) {
            kept.clear(); // a keyframe comes next: decoding again starts there
        }
    }

    @Override
    public String decoderName() {
        return name;
    }

    /** Whether decoding runs in software now. */
    public boolean inSoftware() {
        return onSoftware;
    }

    @Override
    public void close() {
        current.close();
    }
}
