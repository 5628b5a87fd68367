package io.p2pcam.camera.cli;

import io.p2pcam.camera.audio.AudioSpec;
import io.p2pcam.media.codec.SoundBand;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The sound options' values from the command line; a bad one is picocli's one-line error. */
final class SoundConverters {
    private SoundConverters() {}

    /** {@code --audio-source}. */
    static final class AudioSpecs implements ITypeConverter<AudioSpec> {
        @Override
        public AudioSpec convert(String value) {
            try {
                return AudioSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --audio-band}. */
    static final class Bands implements ITypeConverter<SoundBand> {
        @Override
        public SoundBand convert(String value) {
            try {
                return SoundBand.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
