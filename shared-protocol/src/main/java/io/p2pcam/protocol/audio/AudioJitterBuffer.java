package io.p2pcam.protocol.audio;

import io.p2pcam.protocol.media.RtpPacket;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audio receiver's playout schedule, sans I/O (docs/PROTOCOL.md §10.7): packets go in as they
 * arrive, in any order; out comes one {@link Slot} per frame, on time, saying what to play. A frame
 * is one packet's time: 20 ms in this protocol's streams, whatever whole number of 10 ms a third-party
 * sender's packets last (10, 40, 60 ms and up to Opus's 120; a frame without its packet lasts as
 * long as the last packet played).
 *
 * <p>The first packet fixes the schedule: the frame with RTP timestamp {@code t} plays at {@code
 * arrival of the first + targetDelay + (t - its timestamp) / 48 ms}. At a slot's time the buffer
 * hands out that frame's packet if it came ({@link Packet}). A frame without a packet is told
 * from the sequence numbers, which count only the packets sent (RFC 7587 §3.1.3: a sender in DTX
 * sends nothing in silence): {@link Silence} if a later packet is queued and no sequence number is
 * missing before it (the sender skipped this time); {@link Recovered} if one is missing and the
 * next frame's packet is queued (decoded from its in-band FEC: also a talk spurt's lost first
 * packet); {@link Lost} if one is missing and the packet that follows is further away; and {@link
 * Gap} if nothing at all is queued yet, which may be either (silence, or a loss before it): the
 * player conceals it (Opus PLC, which after a DTX stop is near-silence) and the next packet to come
 * settles how many of those frames were lost: as many as sequence numbers are missing before it,
 * taken from the first frames of the gap (the end of a talk spurt) and, when that packet does not
 * start a talk spurt (no marker bit), the frame just before it. A sender whose marker bit is set on
 * a packet that directly follows the one before it (the next sequence number and the next frame's
 * timestamp: no spurt starts there) marks packets for some other reason, as FFmpeg's RTP muxer marks
 * every Opus packet; its marker bits are then ignored, as if it set none. The schedule then follows the path:
 * a packet that arrives after its slot was played is late (counted and dropped); a second late
 * packet within {@link #LATE_MEMORY_MILLIS} of the first moves the schedule later by the lesser of
 * their latenesses (at most {@link #MAX_SHIFT_MILLIS}): the path got slower. A single late packet
 * among timely ones (a stall of one thread) costs its frame only, not the delay of all the frames
 * after it (bench/audio.sh: one packet 25 ms late held the whole sound 25 ms later for a second,
 * and set the run's p95); when a packet arriving would wait
 * longer than {@code targetDelay + }{@link #CATCH_UP_MILLIS} (the first packet was held up, or
 * this clock runs slower than the sender's) the oldest frame is skipped and the schedule moves one
 * frame earlier. And when, for a whole {@link #DRAIN_WINDOW_MILLIS} window, every packet arrived at
 * least one frame more ahead of its slot than {@code targetDelay} (the delay a past spike added is
 * no longer needed), one frame is skipped and the schedule moves one frame earlier: after a spike the
 * delay comes back to the target within a few windows instead of staying up to the catch-up bound.
 * A packet more than {@link #RESYNC_MILLIS} away from the schedule (a restarted
 * sender, a long outage) starts a new schedule. A packet without a valid Opus header (RFC 6716
 * §3.1), or of 2.5 or 5 ms frames that do not add up to a whole number of 10 ms, is dropped and
 * counted ({@link Stats#unsupported()}) before it touches the schedule.
 *
 * <p>Times are milliseconds of one monotonic clock. Not thread-safe: one thread offers and polls.
 */
public final class AudioJitterBuffer {
    public static final long CATCH_UP_MILLIS = 60;
    public static final long RESYNC_MILLIS = 1_000;
    /** How long packets must all have a frame of spare slack before one frame is skipped. */
    public static final long DRAIN_WINDOW_MILLIS = 500;
    /** The most one late packet delays the schedule. */
    public static final long MAX_SHIFT_MILLIS = 200;
    /** How close two late packets must come to move the schedule later. */
    public static final long LATE_MEMORY_MILLIS = 1_000;
    /**
     * How long a slot whose packet is missing waits for the next frame's packet, whose in-band FEC
     * would rebuild it ({@link Recovered}), before it is {@link Lost}: that packet normally arrives
     * about when the missing frame is due (20 ms later than it, with a 20 ms allowance). Only that
     * one frame is played later; the slots after it keep their times.
     */
    public static final long FEC_WAIT_MILLIS = 10;

    private static final long TS_MODULO = 1L << 32;
    /** The shortest packet taken: 10 ms. Packets are whole numbers of it (2.5 and 5 ms frames are not). */
    private static final int SAMPLES_PER_10_MS = OpusRtp.CLOCK_RATE / 100;

    /**
     * What to play for one frame (one packet's time) that starts at RTP time {@code timestamp} and
     * lasts {@code samples} (48 kHz): a packet's own duration, or for a frame without one the
     * duration of the last packet played.
     */
    public sealed interface Slot {
        long timestamp();

        int samples();
    }

    /** The frame's packet arrived: decode it. */
    public record Packet(long timestamp, int samples, byte[] opus) implements Slot {}

    /** The frame's packet is missing (lost or late): conceal it. */
    public record Lost(long timestamp, int samples) implements Slot {}

    /**
     * The frame's packet is missing but the next frame's came: decode this frame from the in-band
     * FEC that {@code next} carries (RFC 6716 §2.1.7; a packet without it decodes as concealment).
     * {@code next} still plays in its own slot.
     */
    public record Recovered(long timestamp, int samples, byte[] next) implements Slot {}

    /** The sender sent nothing for this time (DTX): play silence (the decoder's comfort noise). */
    public record Silence(long timestamp, int samples) implements Slot {}

    /**
     * Nothing came for this frame and nothing after it yet: lost or DTX silence, not known until the
     * next packet comes, which settles it in the counters ({@link Stats#gapsLost()}). Conceal it.
     */
    public record Gap(long timestamp, int samples) implements Slot {}

    /**
     * Counters since the start. {@code lost} counts every frame whose packet was sent but missing at
     * its slot, {@code recovered} those of them rebuilt from the next packet's FEC, {@code gapsLost}
     * those of them played as a {@link Gap} (counted once the next packet came); {@code silent}
     * the frames the sender did not send (DTX), {@code gaps} the frames played before it was known
     * which (the ones of a gap still open are in neither count yet); {@code maxLostRun} is the
     * longest run of frames neither received nor recovered (a gap heard, or concealed); {@code
     * unsupported} the packets dropped because they are not Opus of a whole number of 10 ms (in
     * {@code received} too); {@code skipped} the slots skipped to catch up (time taken out of the
     * output), {@code skippedPackets} the packets dropped with them: a sender in DTX leaves most
     * slots of a silence empty, so only these are frames said and not played. A frame is one packet's time: {@code frameMillis}, the duration of the
     * last packet played (20 ms from this protocol's senders), turns the frame counts into times.
     */
    public record Stats(
            long received,
            long played,
            long lost,
            long recovered,
            long silent,
            long late,
            long duplicates,
            long skipped,
            long skippedPackets,
            long maxLostRun,
            long targetDelayMillis,
            long gaps,
            long gapsLost,
            long unsupported,
            int frameMillis) {}

    private record Entry(int sequence, boolean marker, byte[] opus, int samples) {}

    private final long targetDelayMillis;
    /** Buffered packets by timestamp, counted from {@link #anchorTimestamp} without wrapping. */
    private final TreeMap<Long, Entry> queue = new TreeMap<>();

    private boolean anchored;
    private long ssrc;
    /**
     * The duration of the last packet played, in samples: that of a frame whose packet is missing
     * (a packet that comes after the gap may already be of a sender's new duration).
     */
    private int frameSamples = OpusRtp.FRAME_SAMPLES;
    /** False once this sender marked a packet that starts no talk spurt: its marker bits say nothing. */
    private boolean markersStartSpurts;
    /** The last packet offered (arrival order; -1: none), to tell a marker that starts no spurt. */
    private int lastOfferedSequence;

    private long lastOfferedTimestamp;
    private int lastOfferedSamples;
    private long anchorTimestamp;
    private long anchorTime;
    /** The next slot to play, in samples after the anchor. */
    private long next;
    /**
     * The sequence number of the first packet not yet accounted for: played, skipped, or counted
     * lost. Frames of a {@link Gap} are not: the next packet settles them.
     */
    private int expectedSequence;
    /** Frames played as a {@link Gap} since the last packet accounted for. */
    private long openGap;

    private long received;
    private long played;
    private long lost;
    private long recovered;
    private long silent;
    private long late;
    private long duplicates;
    private long skipped;
    private long skippedPackets;
    private long lostRun;
    private long maxLostRun;
    private long gaps;
    private long gapsLost;
    private long unsupported;
    /** The current drain window: when it started, and the least slack a packet had in it. */
    private long windowStart;

    private long windowMinSlack;
    /** When the last late packet that did not move the schedule came (Long.MIN_VALUE: none), and how late. */
    private long lastLateAt = Long.MIN_VALUE;

    private long lastLateness;
    /** The due slot's packet is missing and nothing is queued: poll waits {@link #FEC_WAIT_MILLIS}. */
    private boolean awaitingFec;

    /** @param targetDelayMillis how long after its arrival the first packet plays (the jitter allowance) */
    public AudioJitterBuffer(long targetDelayMillis) {
        if (targetDelayMillis < 0) {
            throw new IllegalArgumentException("negative target delay " + targetDelayMillis);
        }
        this.targetDelayMillis = targetDelayMillis;
    }

    public void offer(RtpPacket packet, long now) {
        received++;
        int samples = OpusRtp.samplesOf(packet.payload());
        if (samples <= 0 || samples % SAMPLES_PER_10_MS != 0) {
            unsupported++;
            return;
        }
        if (!anchored || packet.ssrc() != ssrc) {
            anchor(packet, samples, now);
        }
        // Where the packet is against the schedule's next slot, not its start: the RTP clock wraps
        // every 24 h 51 min, and its start is more than half of that behind after 12 h 25 min.
        long offset = next + signed32(packet.timestamp() - (anchorTimestamp + next));
        if (Math.abs(offset - next) > RESYNC_MILLIS * OpusRtp.CLOCK_RATE / 1000) {
            anchor(packet, samples, now);
            offset = 0;
        }
        if (packet.marker()
                && lastOfferedSequence == (packet.sequenceNumber() - 1 & 0xFFFF)
                && lastOfferedTimestamp == (packet.timestamp() - lastOfferedSamples & 0xFFFF_FFFFL)) {
            markersStartSpurts = false;
        }
        lastOfferedSequence = packet.sequenceNumber();
        lastOfferedTimestamp = packet.timestamp();
        lastOfferedSamples = samples;
        if (offset < next) {
            late++;
            // Packets come later than the schedule assumed (a slower path, a busy machine): once a
            // second one is late, play the following ones that much later, so that they are not late too.
            long lateness = Math.min(Math.max(now - slotTime(offset), 0), MAX_SHIFT_MILLIS);
            if (lastLateAt != Long.MIN_VALUE && now - lastLateAt <= LATE_MEMORY_MILLIS) {
                anchorTime += Math.min(lateness, lastLateness);
                lastLateAt = Long.MIN_VALUE;
            } else {
                lastLateAt = now;
                lastLateness = lateness;
            }
            windowMinSlack = Math.min(windowMinSlack, -lateness);
            return;
        }
        if (queue.putIfAbsent(offset, new Entry(packet.sequenceNumber(), packet.marker(), packet.payload(), samples))
                != null) {
            duplicates++;
            return;
        }
        // Packets come earlier than the schedule assumed (the first one was held up): drop the
        // oldest frames and play the rest sooner, down to the target delay again. Measured on this
        // packet's own wait, not on how much is queued: frames already overdue (a player that is
        // behind, a burst) are not sound queued ahead, and counting them pulled the schedule below
        // the allowance.
        while (!queue.isEmpty() && slotTime(offset) - now > targetDelayMillis + CATCH_UP_MILLIS) {
            skipOne();
        }
        // Slack no packet needed for a whole window: play one frame sooner.
        windowMinSlack = Math.min(windowMinSlack, slotTime(offset) - now);
        if (now - windowStart >= DRAIN_WINDOW_MILLIS) {
            if (windowMinSlack >= targetDelayMillis + millisOf(frameSamples) && !queue.isEmpty()) {
                skipOne();
            }
            windowStart = now;
            windowMinSlack = Long.MAX_VALUE;
        }
    }

    /**
     * Skips the next slot, dropping every packet queued for it: the schedule moves one frame
     * earlier. A slot's packets are those {@link #poll} would play in it, any timestamp before the
     * next slot's, not only one exactly on the frame grid: a packet off the grid (a sender that
     * restarted it) left queued below the schedule would play as a later slot's packet and pull the
     * schedule back by every frame skipped since, all of them due again at once.
     */
    private void skipOne() {
        int slotSamples = frameSamples;
        Map.Entry<Long, Entry> oldest;
        while ((oldest = queue.firstEntry()) != null && oldest.getKey() < next + slotSamples) {
            queue.pollFirstEntry();
            skippedPackets++;
            settleGap(oldest.getValue(), true);
            expectedSequence = oldest.getValue().sequence() + 1 & 0xFFFF;
            if (oldest.getKey() == next) {
                slotSamples = oldest.getValue().samples(); // the slot is this packet's time
                frameSamples = slotSamples;
            }
        }
        next += slotSamples;
        anchorTime -= millisOf(slotSamples);
        skipped++;
    }

    /** The slot due at {@code now}, or null if none is due yet; call again until null. */
    public Slot poll(long now) {
        if (!anchored || now < slotTime(next)) {
            return null;
        }
        Map.Entry<Long, Entry> first = queue.firstEntry();
        if (first == null && now < slotTime(next) + FEC_WAIT_MILLIS) {
            awaitingFec = true; // missing, and nothing after it yet: the next packet may bring its FEC
            return null;
        }
        awaitingFec = false;
        if (first != null && first.getKey() < next + frameSamples) {
            // This slot's packet (a sender that restarted its frame grid lands off by a few samples:
            // the schedule follows its grid from here on).
            queue.pollFirstEntry();
            settleGap(first.getValue(), true);
            frameSamples = first.getValue().samples();
            next = first.getKey() + frameSamples;
            expectedSequence = first.getValue().sequence() + 1 & 0xFFFF;
            // Other packets within this slot (off the grid) can never play on time: played in slots
            // of their own, each less than a frame after this one, they came due faster than the clock.
            Map.Entry<Long, Entry> same;
            while ((same = queue.firstEntry()) != null && same.getKey() < next) {
                queue.pollFirstEntry();
                expectedSequence = same.getValue().sequence() + 1 & 0xFFFF;
                duplicates++;
            }
            played++;
            lostRun = 0;
            return new Packet(
                    anchorTimestamp + first.getKey() & 0xFFFF_FFFFL,
                    first.getValue().samples(),
                    first.getValue().opus());
        }
        long timestamp = anchorTimestamp + next & 0xFFFF_FFFFL;
        long slot = next;
        int samples = frameSamples;
        next += samples;
        if (first == null) {
            openGap++; // nothing after it yet: silence, or lost; the next packet tells
            gaps++;
            return new Gap(timestamp, samples);
        }
        Entry later = first.getValue();
        settleGap(later, false);
        int missing = missingBefore(later);
        boolean justBefore = first.getKey() < slot + 2L * samples;
        if (missing == 0 || (!justBefore && missing == 1 && !startsSpurt(later))) {
            // Nothing missing in between (the sender skipped this time), or the one packet missing is
            // the frame just before the next one (a talk spurt's first packet, without its marker).
            silent++;
            lostRun = 0;
            return new Silence(timestamp, samples);
        }
        expectedSequence = expectedSequence + 1 & 0xFFFF;
        lost++;
        if (justBefore && !startsSpurt(later)) {
            recovered++; // the next frame's packet is here: it carries this one as FEC
            lostRun = 0;
            return new Recovered(timestamp, samples, later.opus());
        }
        lostRun++;
        maxLostRun = Math.max(maxLostRun, lostRun);
        return new Lost(timestamp, samples);
    }

    /** Whether {@code packet} is the first of a talk spurt, by its marker bit, if this sender's mean that. */
    private boolean startsSpurt(Entry packet) {
        return packet.marker() && markersStartSpurts;
    }

    /** Sequence numbers missing between the last packet accounted for and {@code later}. */
    private int missingBefore(Entry later) {
        int missing = later.sequence() - expectedSequence & 0xFFFF;
        return missing >= 0x8000 ? 0 : missing; // behind: a duplicate or a reordered straggler
    }

    /**
     * A packet came after frames played as a {@link Gap}: as many of them were lost as sequence
     * numbers are missing before it, the first ones (the end of a talk spurt) and, if it does not
     * start a talk spurt (no marker bit), the frame just before it (its start); the rest were
     * silence. {@code adjacent}: the packet's frame directly follows the gap (else more missing
     * frames lie between, and the one just before the packet is not in the gap). Called before the
     * packet (or the slot before it) is accounted for.
     */
    private void settleGap(Entry packet, boolean adjacent) {
        if (openGap == 0) {
            return;
        }
        int missing = missingBefore(packet);
        boolean startLost = !startsSpurt(packet) && missing > 0;
        long lostInGap;
        long firstRun;
        long lastRun;
        if (adjacent) {
            lostInGap = Math.min(missing, openGap);
            firstRun = startLost ? lostInGap - 1 : lostInGap;
            boolean allLost = lostInGap == openGap;
            lastRun = allLost ? openGap : startLost ? 1 : 0;
        } else {
            lostInGap = Math.min(missing - (startLost ? 1 : 0), openGap);
            firstRun = lostInGap;
            lastRun = lostInGap == openGap ? openGap : 0;
        }
        lost += lostInGap;
        gapsLost += lostInGap;
        silent += openGap - lostInGap;
        maxLostRun = Math.max(maxLostRun, Math.max(firstRun, lastRun));
        lostRun = lastRun;
        expectedSequence = expectedSequence + (int) lostInGap & 0xFFFF;
        openGap = 0;
    }

    /**
     * When the next {@link #poll} may return a slot, or Long.MAX_VALUE before the first packet: the
     * next slot's time; but with nothing queued, once a poll at that time found its packet missing,
     * or inside a {@link Gap} (the slot before was one: a sender in DTX, a loss), when the slot stops
     * waiting for a packet to recover it from. A packet offered meanwhile makes the slot due at once
     * (this returns its time again), so a player that sleeps until then and is woken by packets
     * plays every slot when it would have had it woken at the slot's time too: inside a silence the
     * sender left out, that wake-up found nothing to do in every frame (docs/PROTOCOL.md §10.7).
     */
    public long nextTimeout() {
        if (!anchored) {
            return Long.MAX_VALUE;
        }
        boolean waitsForFec = queue.isEmpty() && (awaitingFec || openGap > 0);
        return waitsForFec ? slotTime(next) + FEC_WAIT_MILLIS : slotTime(next);
    }

    /** Frames waiting to be played. */
    public int queued() {
        return queue.size();
    }

    public Stats stats() {
        return new Stats(
                received,
                played,
                lost,
                recovered,
                silent,
                late,
                duplicates,
                skipped,
                skippedPackets,
                maxLostRun,
                targetDelayMillis,
                gaps,
                gapsLost,
                unsupported,
                millisOf(frameSamples));
    }

    private void anchor(RtpPacket packet, int samples, long now) {
        if (!anchored || packet.ssrc() != ssrc) {
            markersStartSpurts = true; // a new sender (a resync of this one keeps what it showed)
            lastOfferedSequence = -1; // none yet
        }
        anchored = true;
        ssrc = packet.ssrc();
        frameSamples = samples;
        anchorTimestamp = packet.timestamp();
        anchorTime = now + targetDelayMillis;
        next = 0;
        expectedSequence = packet.sequenceNumber();
        openGap = 0; // a new schedule: what the old one left open is not counted
        queue.clear();
        windowStart = now;
        windowMinSlack = Long.MAX_VALUE;
        lastLateAt = Long.MIN_VALUE;
        awaitingFec = false;
    }

    /** Milliseconds of {@code samples}, a whole number of 10 ms (every packet this buffer takes). */
    private static int millisOf(int samples) {
        return samples / (OpusRtp.CLOCK_RATE / 1000);
    }

    private long slotTime(long samples) {
        return anchorTime + samples * 1000 / OpusRtp.CLOCK_RATE;
    }

    private static long signed32(long difference) {
        long value = Math.floorMod(difference, TS_MODULO);
        return value >= TS_MODULO / 2 ? value - TS_MODULO : value;
    }
}
