package io.p2pcam.viewer.engine.decode;

import picocli.CommandLine.Option;

/** The {@code --hwaccel} option of the viewer and `probe` (a picocli mixin; no JavaFX). */
public final class HwAccelOption {
    @Option(
            names = "--hwaccel",
            paramLabel = "auto|off|TYPE",
            description = {
                "Decode video on the GPU where the machine has one (FFmpeg hwaccel): auto (default) tries "
                        + "VAAPI then NVDEC (CUDA) on Linux, D3D11VA, DXVA2 then NVDEC on Windows, VideoToolbox on macOS; "
                        + "TYPE asks for one (vaapi, cuda, d3d11va, dxva2, videotoolbox, vulkan, ...); off never tries.",
                "A device that cannot be opened or cannot decode falls back to software, and the stats "
                        + "overlay (probe: \"decoder\") says which decoder works and why it fell back."
            })
    String value = "auto";

    /** What is wrong with the value, or null. */
    public String problem() {
        try {
            HwAccel.parse(value);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The choice given (call once {@link #problem} found none). */
    public HwAccel choice() {
        return HwAccel.parse(value);
    }

    /** Makes it the process's choice ({@link HwDecoding#configure}); call before the first connection. */
    public void apply() {
        HwDecoding.configure(HwAccel.parse(value));
    }
}
