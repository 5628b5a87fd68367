"""The viewer's video receive side (PROTOCOL.md §10.2, §10.6): a reorder buffer that NACKs holes and
gives up on them after a wait, access units written as Annex-B, PLIs while no intact keyframe came,
and the numbers a receiver report carries."""

import struct

import media

NACK_INTERVAL = 0.05  # ~ RTT + 2 jitter + 5 ms on loopback
NACK_LIMIT = 10
GIVE_UP_AFTER = 0.4  # the longest wait §10.6 allows
PLI_INTERVAL = 0.5


class VideoReceiver:
    def __init__(self, out_file, own_ssrc):
        self.out, self.own_ssrc = out_file, own_ssrc
        self.stream_switches = 0
        self.switch_openers = {}  # foreign SSRC -> whether its first packet here opened a keyframe
        self._start_stream(None)

    def _start_stream(self, ssrc):
        """A stream from scratch: its own sequence numbers, keyframe and report numbers (§10.9)."""
        self.ssrc = ssrc
        self.assembler = media.AccessUnitAssembler()
        self.buffer, self.next_seq, self.missing = {}, None, {}
        self.feedback = []  # RTCP packets waiting to be sent
        self.pli_due, self.last_pli = None, None
        self.base_extended = self.highest_extended = None
        self.originals = self.retransmitted = self.given_up = 0
        self.expected_prior = self.received_prior = 0
        self.jitter, self.last_transit = 0.0, None

    def on_rtp(self, packet, retransmission, now):
        if self.ssrc is None:
            self.ssrc = packet.ssrc
        if packet.ssrc != self.ssrc:
            # §10.9: a new video SSRC is a stream switch; start afresh at its first packet that
            # opens a keyframe. Anything else with a foreign SSRC (the old stream's late packets,
            # their retransmissions) is dropped. The file keeps the newest stream only.
            opens = not retransmission and media.opens_keyframe(packet.payload)
            if packet.ssrc not in self.switch_openers:
                self.switch_openers[packet.ssrc] = opens  # does the camera start the switch at a keyframe?
            if not opens:
                return
            self._start_stream(packet.ssrc)
            self.stream_switches += 1
            self.out.seek(0)
            self.out.truncate()
        if retransmission:
            self.retransmitted += 1
        else:
            self.originals += 1
            self._update_jitter(packet, now)
        self._extend(packet.sequence)
        if self.next_seq is None:
            self.next_seq = packet.sequence
        if packet.sequence != self.next_seq and not media.sequence_after(packet.sequence, self.next_seq):
            return  # late or duplicate
        self.buffer.setdefault(packet.sequence, packet)
        self.missing.pop(packet.sequence, None)
        self._drain(now)
        self._note_holes(now)

    def on_timer(self, now):
        for seq in [s for s, (first, _, _) in self.missing.items() if now - first >= GIVE_UP_AFTER]:
            self.missing.pop(seq)
        if self.buffer and self.next_seq not in self.buffer and self.next_seq not in self.missing:
            self._give_up_hole()
            self._drain(now)
        due = [s for s, (_, last, count) in self.missing.items() if now - last >= NACK_INTERVAL and count < NACK_LIMIT]
        if due:
            for seq in due:
                first, _, count = self.missing[seq]
                self.missing[seq] = (first, now, count + 1)
            self.feedback.append(media.generic_nack(self.own_ssrc, self.ssrc, due))
        if self.pli_due is not None and now >= self.pli_due and (self.last_pli is None or now - self.last_pli >= PLI_INTERVAL):
            self.feedback.append(media.picture_loss_indication(self.own_ssrc, self.ssrc or 0))
            self.last_pli, self.pli_due = now, now + PLI_INTERVAL

    def _drain(self, now):
        while self.next_seq in self.buffer:
            unit = self.assembler.push(self.buffer.pop(self.next_seq))
            self.next_seq = (self.next_seq + 1) & 0xFFFF
            if unit:
                self.out.write(unit)
                if self.assembler.keyframes and unit_is_keyframe(unit):
                    self.pli_due = None
            elif unit == b"":
                self.pli_due = now if self.pli_due is None else self.pli_due

    def _note_holes(self, now):
        if not self.buffer:
            return
        newest = max(self.buffer, key=lambda s: (s - self.next_seq) & 0xFFFF)
        seq, fresh = self.next_seq, []
        while seq != newest:
            if seq not in self.buffer and seq not in self.missing:
                self.missing[seq] = (now, now, 1)
                fresh.append(seq)
            seq = (seq + 1) & 0xFFFF
        if fresh:
            self.feedback.append(media.generic_nack(self.own_ssrc, self.ssrc, fresh))

    def _give_up_hole(self):
        while self.next_seq not in self.buffer and self.next_seq not in self.missing:
            self.given_up += 1
            self.next_seq = (self.next_seq + 1) & 0xFFFF
        self.assembler.lost()

    def _extend(self, seq):
        if self.highest_extended is None:
            self.base_extended = self.highest_extended = seq
            return
        cycles = self.highest_extended & ~0xFFFF
        candidates = [cycles + seq - 0x10000, cycles + seq, cycles + seq + 0x10000]
        extended = min(candidates, key=lambda c: abs(c - self.highest_extended))
        self.highest_extended = max(self.highest_extended, extended)

    def _update_jitter(self, packet, now):
        transit = now * 90000 - packet.timestamp
        if self.last_transit is not None:
            self.jitter += (abs(transit - self.last_transit) - self.jitter) / 16
        self.last_transit = transit

    def receiver_report(self, lsr, dlsr):
        """RR block numbers (RFC 3550 A.3); a packet only a retransmission brought counts as lost."""
        if self.ssrc is None:
            return None
        expected = self.highest_extended - self.base_extended + 1
        lost = max(0, expected - self.originals)
        expected_interval = expected - self.expected_prior
        lost_interval = expected_interval - (self.originals - self.received_prior)
        self.expected_prior, self.received_prior = expected, self.originals
        fraction = (lost_interval << 8) // expected_interval if expected_interval > 0 and lost_interval > 0 else 0
        return media.receiver_report(
            self.own_ssrc, self.ssrc, min(fraction, 255), lost, self.highest_extended & 0xFFFFFFFF, int(self.jitter), lsr, dlsr
        )


def unit_is_keyframe(unit):
    return any(part and part[0] & 0x1F == media.NAL_IDR for part in unit.split(media.START_CODE))


def ssrc_of_feedback(body):
    return struct.unpack_from(">I", body, 0)[0] if len(body) >= 4 else None
