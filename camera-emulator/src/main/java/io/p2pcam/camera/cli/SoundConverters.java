package io.p2pcam.camera.cli;

import io.p2pcam.camera.audio.AudioSpec;
import io.p2pcam.media.codec.SoundBand;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The sound options' values from the command line; a bad one is picocli's one-line error. */
final class SoundConverters {
    private SoundConverters() {}

    /** {@code --audio-source}. */
    static final class AudioSpecs extends Parsed<AudioSpec> {
        AudioSpecs() {
            super(AudioSpec::parse);
        }
    }

    /** {@code --audio-band}. */
    static final class Bands extends Parsed<SoundBand> {
        Bands() {
            super(SoundBand::parse);
        }
    }

    /** A value parsed by a method that says what is wrong with an {@link IllegalArgumentException}. */
    private abstract static class Parsed<T> implements ITypeConverter<T> {
        private final Function<String, T> parse;

        Parsed(Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T convert(String value) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
