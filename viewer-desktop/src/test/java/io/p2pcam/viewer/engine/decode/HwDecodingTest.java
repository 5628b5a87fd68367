package io.p2pcam.viewer.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avutil.AV_HWDEVICE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.av_hwdevice_get_type_name;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

/**
 * Which decoder the viewer gets for --hwaccel: off never touches a device, auto tries the
 * platform's hwaccels in turn, and a device that cannot be opened or cannot decode ends in
 * software that says why. The FFmpeg cases run against JavaCV's real build on this machine (no GPU).
 */
class HwDecodingTest {
    private final List<String> tried = new ArrayList<>();
    private final List<AccessUnit> stream = TestStreams.small();

    private HwDevice.Opened noDevice(String type) {
        tried.add(type);
        return new HwDevice.Opened.Failed(type, "no device: test");
    }

    @Test
    void offNeverTriesADeviceAndDecodesInSoftware() {
        HwDecoding decoding = new HwDecoding(HwAccel.parse("off"), this::noDevice, "Linux");
        try (PictureDecoder decoder = decoding.newDecoder()) {
            assertThat(decoder.decoderName()).isEqualTo("sw (hardware decoding off)");
            assertThat(decoder.decode(
                            stream.getFirst().annexB(), stream.getFirst().annexB().length, 0))
                    .isEqualTo(DecodeStatus.FRAME);
        }
        assertThat(tried).isEmpty();
    }

    @Test
    void autoTriesThePlatformsHwaccelsInTurnOnceForAllDecodersAndSaysWhyNone() {
        HwDecoding decoding = new HwDecoding(HwAccel.AUTO, this::noDevice, "Linux");
        try (PictureDecoder first = decoding.newDecoder();
                PictureDecoder second = decoding.newDecoder()) {
            assertThat(first.decoderName()).isEqualTo("sw (vaapi: no device: test; cuda: no device: test)");
            assertThat(second.decoderName()).isEqualTo(first.decoderName());
        }
        assertThat(tried).as("tried once, for every decoder").containsExactly("vaapi", "cuda");
    }

    @Test
    void eachPlatformHasItsUsualHwaccelsAndANamedOneIsTriedAlone() {
        assertThat(HwAccel.AUTO.candidates("Windows 11")).containsExactly("d3d11va", "dxva2", "cuda");
        assertThat(HwAccel.AUTO.candidates("Mac OS X")).containsExactly("videotoolbox");
        assertThat(HwAccel.AUTO.candidates("Linux")).containsExactly("vaapi", "cuda");
        assertThat(HwAccel.parse("VAAPI").candidates("Windows 11")).containsExactly("vaapi");
        assertThat(HwAccel.OFF.candidates("Linux")).isEmpty();
        assertThatThrownBy(() -> HwAccel.parse("va api; rm")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNameFfmpegHasNoDeviceTypeForIsRefusedListingTheNamesItHas() {
        // "nonsense" was taken for a device type: the probe ran and only its decoder field said so.
        assertThatThrownBy(() -> HwAccel.parse("nonsense"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--hwaccel takes auto, off or one of FFmpeg's device types (cuda, d3d11va, d3d12va, drm,"
                        + " dxva2, mediacodec, opencl, qsv, vaapi, vdpau, videotoolbox, vulkan), not nonsense");
        assertThat(HwAccel.parse(" Auto ")).isEqualTo(HwAccel.AUTO);
        assertThat(HwAccel.parse("OFF")).isEqualTo(HwAccel.OFF);
    }

    @Test
    void theDeviceTypesAreTheOnesTheBundledFfmpegHasNamesFor() {
        List<String> named = new ArrayList<>();
        for (int type = AV_HWDEVICE_TYPE_NONE + 1; type < 64; type++) {
            BytePointer name = av_hwdevice_get_type_name(type);
            if (name != null && !name.isNull()) {
                named.add(name.getString());
            }
        }
        assertThat(HwAccel.DEVICE_TYPES).containsExactlyInAnyOrderElementsOf(named);
        assertThat(HwAccel.DEVICE_TYPES).isSorted();
    }

    @Test
    void theFfmpegBuildListsItsHwaccelsAndRefusesATypeItLacks() {
        assertThat(HwDevice.compiledTypes()).isNotEmpty();
        HwDevice.Opened opened = HwDevice.openWithFfmpeg("nosuchaccel");
        assertThat(opened).isInstanceOf(HwDevice.Opened.Failed.class);
        assertThat(((HwDevice.Opened.Failed) opened).reason())
                .startsWith("not in this FFmpeg build (it has: ")
                .contains(HwDevice.compiledTypes().getFirst());
    }

    @Test
    void askingForVaapiOnAMachineWithoutAGpuFallsBackToSoftwareAndSaysWhy() {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"));
        assumeFalse(Files.exists(Path.of("/dev/dri")), "this machine has a GPU device node");
        HwDecoding decoding = new HwDecoding(HwAccel.parse("vaapi"), HwDevice::openWithFfmpeg, "Linux");
        try (PictureDecoder decoder = decoding.newDecoder()) {
            assertThat(decoder.decoderName()).startsWith("sw (vaapi: no device: ");
            assertThat(decoder.decode(
                            stream.getFirst().annexB(), stream.getFirst().annexB().length, 0))
                    .isEqualTo(DecodeStatus.FRAME);
        }
    }

    @Test
    void aDeviceThatOpensButCannotDecodeFallsBackOnTheFirstPicturesWithoutLosingOne() {
        // Vulkan video: a Vulkan device opens on a machine with only a software Vulkan driver,
        // which cannot decode video; on a GPU with Vulkan video it decodes on the device.
        HwDevice.Opened opened = HwDevice.openWithFfmpeg("vulkan");
        assumeTrue(opened instanceof HwDevice.Opened.Device, "no Vulkan device here: " + opened);
        try (HwDevice device = ((HwDevice.Opened.Device) opened).device();
                FallbackDecoder decoder =
                        FallbackDecoder.onHardware(new H264Decoder(device), "vulkan", H264Decoder::new)) {
            decoder.flush();
            for (int n = 0; n < 10; n++) {
                AccessUnit unit = stream.get(n);
                assertThat(decoder.decode(unit.annexB(), unit.annexB().length, n))
                        .as("picture %d", n)
                        .isEqualTo(DecodeStatus.FRAME);
                assertThat(decoder.frame().width()).isEqualTo(TestStreams.WIDTH);
            }
            assertThat(decoder.decoderName())
                    .satisfiesAnyOf(
                            name -> assertThat(name).isEqualTo("hw: vulkan"),
                            name -> assertThat(name).startsWith("sw (vulkan failed on the first pictures: "));
        }
    }
}
