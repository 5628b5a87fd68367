package io.p2pcam.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpusWarmUpTest {
    /**
     * The camera's warm-up must run the code its audio loop runs, or C2 compiles the loop's paths in
     * the first viewer's session all the same: the marked sound through a DTX encoder codes its marks
     * and their hangover (12 frames of every 25 here, the 40 ms mark starting on a frame: 2 of sound,
     * 10 of silence at the silence's complexity) and leaves the rest out uncoded, as the live camera
     * does (an encoder without DTX would code all 25).
     */
    @Test
    void theCamerasWarmUpCodesTheMarkedSoundAsTheAudioLoopDoes() {
        int periods = 40;
        long coded = OpusWarmUp.encode(periods * 25, false, SoundBand.WIDE);

        assertThat(coded).isEqualTo(periods * 12L);
    }

    /**
     * The viewer's decoder warm-up must run the code the player runs for a camera's sound, or C1
     * recompiles the player's paths in the first session all the same: the camera's packets of the
     * marked sound (12 of every 25 frames) decoded and the frames it left out concealed, as {@link
     * SlotDecoder} renders a jitter buffer's packet and silence slots, with nothing refused.
     */
    @Test
    void theViewersWarmUpRendersTheCamerasPacketsAndSilencesAsThePlayerDoes() {
        int periods = 8; // twice the stretch it codes once, so that it plays it over
        long packets = OpusWarmUp.decode(periods * 25);

        assertThat(packets).isEqualTo(periods * 12L);
    }

    /** The paced warm-up rests after each block as long as the block took: half a core at most. */
    @Test
    void thePacedWarmUpRestsAtLeastAsLongAsItWorks() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long wallBefore = System.nanoTime();
        long coded = OpusWarmUp.encode(OpusWarmUp.PACING_BLOCK * 20, true, SoundBand.WIDE);
        long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
        long wall = System.nanoTime() - wallBefore;

        assertThat(coded).isEqualTo(20 * 12L);
        assertThat(wall).as("wall %d ns against %d ns of CPU", wall, cpu).isGreaterThanOrEqualTo(2 * cpu);
    }
}
