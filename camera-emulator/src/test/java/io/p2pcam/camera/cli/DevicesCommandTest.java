package io.p2pcam.camera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.camera.media.CaptureDevice;
import io.p2pcam.camera.media.SourceException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DevicesCommandTest {
    private static final DevicesCommand.Listing NONE = List::of;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void devicesFoundAreTabSeparatedLinesAndNothingIsSaidOnStandardError() {
        int status = run(
                () -> List.of(new CaptureDevice("/dev/video0", "Integrated Camera")),
                () -> List.of(new CaptureDevice("alsa:hw:CARD=PCH,DEV=0", "HDA Intel PCH, ALC257 Analog")));

        assertThat(status).isZero();
        assertThat(out.toString())
                .isEqualTo("video\t/dev/video0\tIntegrated Camera\n"
                        + "audio\talsa:hw:CARD=PCH,DEV=0\tHDA Intel PCH, ALC257 Analog\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void noCameraAndNoMicrophoneLeaveTheTableEmptyAndSayWhatToDoOnStandardError() {
        int status = run(NONE, NONE);

        assertThat(status).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines())
                .containsExactly(
                        "video: no cameras found; use --source synthetic or --source file:PATH",
                        "audio: no microphones found; use --no-audio or --audio-source file:PATH");
    }

    @Test
    void aKindThatCannotBeListedIsSaidOnStandardErrorAndExitsWithOneAfterListingTheOther() {
        int status = run(
                () -> {
                    throw new SourceException("listing cameras is not supported on Plan 9");
                },
                () -> List.of(new CaptureDevice("0", "MacBook Pro Microphone")));

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("audio\t0\tMacBook Pro Microphone\n");
        assertThat(err.toString()).isEqualTo("video: listing cameras is not supported on Plan 9\n");
    }

    private int run(DevicesCommand.Listing cameras, DevicesCommand.Listing microphones) {
        CommandLine commandLine = new CommandLine(new DevicesCommand(cameras, microphones));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute();
    }
}
