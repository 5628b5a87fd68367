package io.p2pcam.camera.cli;

import io.p2pcam.camera.media.EncoderSettings;
import io.p2pcam.camera.media.SourceSpec;
import io.p2pcam.camera.media.VideoFormat;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The source and encoder options that {@code run} and {@code encode} share (a picocli mixin). */
final class EncodingOptions {
    @Option(
            names = "--source",
            paramLabel = "SOURCE",
            defaultValue = "synthetic",
            converter = EncodeCommand.SourceSpecConverter.class,
            description = "synthetic, file:PATH, webcam or webcam:DEVICE. Default: ${DEFAULT-VALUE}.")
    SourceSpec source;

    @Option(
            names = "--size",
            paramLabel = "WxH",
            defaultValue = "1280x720",
            description = "Picture size (even numbers). Default: ${DEFAULT-VALUE}.")
    String size;

    @Option(
            names = "--fps",
            paramLabel = "N",
            defaultValue = "30",
            description = "Frames per second. Default: ${DEFAULT-VALUE}.")
    int fps;

    @Option(
            names = "--bitrate",
            paramLabel = "BITS",
            converter = EncodeCommand.BitrateConverter.class,
            description = "Target bitrate in bit/s; k and M suffixes allowed (800k, 2M). Default: by picture size.")
    Integer bitrate;

    /** The encoder settings these options ask for; a bad size or rate is a usage error of {@code command}. */
    EncoderSettings settings(CommandSpec command) {
        try {
            VideoFormat format = VideoFormat.of(size, fps);
            return EncoderSettings.of(format, bitrate != null ? bitrate : EncoderSettings.defaultBitrate(format));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }
}
