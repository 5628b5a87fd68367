package io.p2pcam.camera.media;

import static org.bytedeco.ffmpeg.global.avdevice.avdevice_free_list_devices;
import static org.bytedeco.ffmpeg.global.avdevice.avdevice_list_input_sources;
import static org.bytedeco.ffmpeg.global.avdevice.avdevice_register_all;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avdevice.AVDeviceInfo;
import org.bytedeco.ffmpeg.avdevice.AVDeviceInfoList;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The computer's sound inputs (microphones, a webcam's microphone, a sound server's monitor of an
 * output) through FFmpeg's capture devices (libavdevice): {@code pulse} on Linux ({@code alsa}
 * when named {@code alsa:DEVICE}), {@code dshow} on Windows ({@code audio=NAME}) and
 * {@code avfoundation} on macOS ({@code :INDEX}).
 *
 * <p>A device is written as {@code devices} lists it: on Linux a PulseAudio source name (or
 * {@code pulse:NAME}, or {@code alsa:hw:1,0}); on Windows the DirectShow name; on macOS the index.
 */
public final class AudioInputs {
    private AudioInputs() {}

    /** The input format and the device string FFmpeg opens, and how to call it in messages. */
    public record Input(String format, String device, String label) {
        /** A grabber for this input, not started. */
        public FFmpegFrameGrabber grabber() {
            FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(device);
            grabber.setFormat(format);
            return grabber;
        }
    }

    /**
     * What FFmpeg opens for {@code device} (null: the platform's default input).
     *
     * @throws SourceException if this platform has no sound capture, or a device must be named
     */
    public static Input resolve(String device) throws SourceException {
        Platform platform = Platform.current();
        return switch (platform) {
            case LINUX -> {
                if (device == null) {
                    yield new Input("pulse", "default", "the default PulseAudio input");
                }
                if (device.startsWith("alsa:")) {
                    yield new Input("alsa", device.substring(5), "ALSA " + device.substring(5));
                }
                String name = device.startsWith("pulse:") ? device.substring(6) : device;
                yield new Input("pulse", name, "PulseAudio " + name);
            }
            case WINDOWS -> {
                String name = device;
                if (name == null) {
                    List<CaptureDevice> inputs = list();
                    if (inputs.isEmpty()) {
                        throw new SourceException("no microphone found (DirectShow lists no audio input)");
                    }
                    name = inputs.getFirst().device();
                }
                yield new Input("dshow", "audio=" + name, "DirectShow " + name);
            }
            case MACOS -> {
                String index = device == null ? "0" : device;
                yield new Input("avfoundation", ":" + index, "AVFoundation audio device " + index);
            }
            case OTHER ->
                throw new SourceException(
                        "microphones are not supported on " + System.getProperty("os.name") + "; use --no-audio");
        };
    }

    /**
     * The sound inputs FFmpeg can list here, default first where the platform says which; empty
     * if there are none or no sound server answers.
     *
     * @throws SourceException if listing is not supported on this platform (the message says how
     *     to find a name)
     */
    public static List<CaptureDevice> list() throws SourceException {
        return switch (Platform.current()) {
            case LINUX -> {
                List<CaptureDevice> pulse = listWith("pulse");
                yield pulse.isEmpty() ? alsaCards(listWith("alsa")) : pulse;
            }
            case WINDOWS -> listWith("dshow");
            case MACOS ->
                throw new SourceException(
                        "listing microphones is not supported on macOS yet; "
                                + "'ffmpeg -f avfoundation -list_devices true -i \"\"' shows them, then use --audio-source mic:INDEX");
            case OTHER ->
                throw new SourceException("listing microphones is not supported on " + System.getProperty("os.name"));
        };
    }

    /**
     * Of ALSA's capture hints (FFmpeg already leaves out those with IOID Output), the ones that
     * name a sound card, as {@code alsa:NAME}: {@code hw:}/{@code plughw:} with a card number, or
     * any PCM with {@code CARD=} in it ({@code sysdefault:CARD=PCH}, {@code dsnoop:CARD=PCH,DEV=0}).
     * The rest are software plugins (null, default, pulse, jack, oss, rate converters, up/downmix,
     * speex) that are not a microphone, or only reach one through a sound server.
     */
    static List<CaptureDevice> alsaCards(List<CaptureDevice> hints) {
        return hints.stream()
                .filter(hint -> namesACard(hint.device()))
                .map(hint -> new CaptureDevice("alsa:" + hint.device(), hint.name()))
                .toList();
    }

    private static boolean namesACard(String pcm) {
        return pcm.contains("CARD=") || pcm.matches("(plug)?hw:\\d+(,\\d+)*");
    }

    /** The audio devices input format {@code name} lists (none if it cannot list or finds none). */
    private static List<CaptureDevice> listWith(String name) {
        avdevice_register_all();
        AVInputFormat format = av_find_input_format(name);
        if (format == null || format.isNull()) {
            return List.of();
        }
        List<CaptureDevice> devices = new ArrayList<>();
        try (PointerPointer<AVDeviceInfoList> out = new PointerPointer<>(1)) {
            out.put(0, null);
            if (avdevice_list_input_sources(format, (BytePointer) null, null, out) < 0 || out.get(0) == null) {
                return List.of();
            }
            AVDeviceInfoList list = new AVDeviceInfoList(out.get(0));
            int defaultIndex = list.default_device();
            for (int i = 0; i < list.nb_devices(); i++) {
                AVDeviceInfo info = list.devices(i);
                if (!isAudio(info)) {
                    continue;
                }
                CaptureDevice device =
                        new CaptureDevice(string(info.device_name()), describe(string(info.device_description())));
                if (i == defaultIndex) {
                    devices.addFirst(device);
                } else {
                    devices.add(device);
                }
            }
            avdevice_free_list_devices(out);
        }
        return devices;
    }

    private static boolean isAudio(AVDeviceInfo info) {
        if (info.nb_media_types() == 0) {
            return true; // formats that list audio devices alone (pulse, alsa) may leave it empty
        }
        for (int i = 0; i < info.nb_media_types(); i++) {
            if (info.media_types().get(i) == AVMEDIA_TYPE_AUDIO) {
                return true;
            }
        }
        return false;
    }

    private static String string(BytePointer text) {
        return text == null || text.isNull() ? "" : text.getString();
    }

    private static String describe(String description) {
        // ALSA hints can describe a card on two lines; the table has one line per device
        return description.isBlank() ? "(unnamed)" : description.strip().replaceAll("\\s*\n\\s*", ", ");
    }
}
