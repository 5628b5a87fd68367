package io.p2pcam.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** FFmpeg's failures in FFmpeg's own words (av_strerror), for the people who read them. */
class AvErrorsTest {
    @Test
    void aCodeIsDescribedInFfmpegsWordsWithTheCode() {
        assertThat(AvErrors.describe(-2)).isEqualTo("No such file or directory (-2)");
    }

    @Test
    void aJavacvFailureLosesItsFunctionNameAndItsHintsToProgrammers() {
        // JavaCV's wording, as FFmpegFrameGrabber.start() threw it for a file of random bytes.
        Exception grabber = new Exception(
                "avformat_open_input() error -1094995529: Could not open input \"/tmp/x.mp4\"."
                        + " (Has setFormat() been called?) (For more details, make sure FFmpegLogCallback.set() has been called.)");
        assertThat(AvErrors.inWords(grabber)).isEqualTo("Invalid data found when processing input");
    }

    @Test
    void anotherMessageIsKeptWithoutTheHints() {
        assertThat(
                        AvErrors.inWords(
                                new Exception(
                                        "Could not open video codec. (For more details, make sure FFmpegLogCallback.set() has been called.)")))
                .isEqualTo("Could not open video codec.");
        assertThat(AvErrors.inWords(new Exception("no sound stream"))).isEqualTo("no sound stream");
    }
}
