package io.p2pcam.viewer.engine.decode;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which hardware decoder the viewer should use (the {@code --hwaccel} option of the viewer and
 * `probe`): {@code auto} tries the platform's usual FFmpeg hwaccels in turn, {@code off} decodes
 * in software and never touches a device, and a device type name (as FFmpeg spells it: {@code
 * vaapi}, {@code cuda}, {@code d3d11va}, {@code dxva2}, {@code videotoolbox}, {@code vulkan}, ...)
 * tries that one alone. Whatever is chosen, a device that cannot be opened or cannot decode falls
 * back to software (docs/decisions/0025-hardware-decoding.md).
 *
 * @param name "auto", "off" or an FFmpeg hardware device type name, lower case
 */
public record HwAccel(String name) {
    public static final HwAccel AUTO = new HwAccel("auto");
    public static final HwAccel OFF = new HwAccel("off");

    /**
     * Every hardware device type FFmpeg has a name for (libavutil's {@code hw_type_names}, FFmpeg
     * 7.1), whether or not a given build was compiled with it: a name outside them is a typo, refused
     * with the command line, while one this build lacks is found out on the first connection and
     * ends in software saying so. HwDecodingTest keeps the list in step with the bundled FFmpeg.
     */
    public static final List<String> DEVICE_TYPES = List.of(
            "cuda",
            "d3d11va",
            "d3d12va",
            "drm",
            "dxva2",
            "mediacodec",
            "opencl",
            "qsv",
            "vaapi",
            "vdpau",
            "videotoolbox",
            "vulkan");

    public HwAccel {
        Objects.requireNonNull(name);
        if (!name.equals("auto") && !name.equals("off") && !DEVICE_TYPES.contains(name)) {
            throw new IllegalArgumentException("--hwaccel takes auto, off or one of FFmpeg's device types ("
                    + String.join(", ", DEVICE_TYPES) + "), not " + name);
        }
    }

    /** Parses the option's value (case-insensitive). */
    public static HwAccel parse(String value) {
        return new HwAccel(value.strip().toLowerCase(Locale.ROOT));
    }

    public boolean off() {
        return name.equals("off");
    }

    /**
     * The device types to try, in order, on the platform named {@code osName} (the {@code os.name}
     * property): for {@code auto} the usual ones there (VAAPI then NVDEC on Linux, D3D11VA, DXVA2
     * then NVDEC on Windows, VideoToolbox on macOS); Vulkan video only when asked for by name, since
     * a software Vulkan driver opens fine and then cannot decode. Empty for {@code off}.
     */
    public List<String> candidates(String osName) {
        if (off()) {
            return List.of();
        }
        if (!name.equals("auto")) {
            return List.of(name);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return List.of("d3d11va", "dxva2", "cuda");
        }
        if (os.startsWith("mac")) {
            return List.of("videotoolbox");
        }
        if (os.startsWith("linux")) {
            return List.of("vaapi", "cuda");
        }
        return List.of();
    }

    @Override
    public String toString() {
        return name;
    }
}
