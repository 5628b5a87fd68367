"""What MEDIA carries (PROTOCOL.md §10.2 "Media format", §10.6): RTP (RFC 3550), H.264 per RFC 6184
packetization-mode 1 reassembled into Annex-B access units, and the RTCP the viewer sends."""

import struct

VIDEO_PAYLOAD_TYPE, AUDIO_PAYLOAD_TYPE = 96, 111
START_CODE = b"\0\0\0\1"
NAL_IDR, NAL_SPS, NAL_PPS = 5, 7, 8
STAP_A, FU_A = 24, 28


class RtpPacket:
    __slots__ = ("marker", "payload_type", "sequence", "timestamp", "ssrc", "payload")

    @staticmethod
    def parse(data):
        if len(data) < 12 or data[0] >> 6 != 2:
            return None
        csrc_count, has_extension, has_padding = data[0] & 0x0F, data[0] & 0x10, data[0] & 0x20
        packet = RtpPacket()
        packet.marker = bool(data[1] & 0x80)
        packet.payload_type = data[1] & 0x7F
        packet.sequence, packet.timestamp, packet.ssrc = struct.unpack_from(">HII", data, 2)
        offset = 12 + 4 * csrc_count
        if has_extension:
            if offset + 4 > len(data):
                return None
            offset += 4 + 4 * struct.unpack_from(">H", data, offset + 2)[0]
        end = len(data) - (data[-1] if has_padding else 0)
        if offset > end:
            return None
        packet.payload = bytes(data[offset:end])
        return packet


def nal_units(payload):
    """Yields (kind, data) for one RTP payload: ('nal', unit), ('fu-start'|'fu-middle'|'fu-end', part)."""
    if not payload:
        return
    nal_type = payload[0] & 0x1F
    if 1 <= nal_type <= 23:
        yield "nal", payload
    elif nal_type == STAP_A:
        offset = 1
        while offset + 2 <= len(payload):
            (size,) = struct.unpack_from(">H", payload, offset)
            offset += 2
            if size == 0 or offset + size > len(payload):
                raise ValueError("bad STAP-A")
            yield "nal", payload[offset : offset + size]
            offset += size
    elif nal_type == FU_A:
        if len(payload) < 2:
            raise ValueError("bad FU-A")
        fu_header = payload[1]
        if fu_header & 0x80:
            yield "fu-start", bytes([(payload[0] & 0xE0) | (fu_header & 0x1F)]) + payload[2:]
        elif fu_header & 0x40:
            yield "fu-end", payload[2:]
        else:
            yield "fu-middle", payload[2:]
    else:
        raise ValueError(f"NAL unit type {nal_type} not in packetization-mode 1")


class AccessUnitAssembler:
    """Feeds RTP packets of one video SSRC, in sequence order, into access units. `lost()` marks the
    unit in progress broken; broken units are dropped, and nothing is emitted before a keyframe."""

    def __init__(self):
        self.nals, self.fragment, self.timestamp, self.broken = [], None, None, False
        self.started = False
        self.frames = self.keyframes = self.dropped_units = self.idr_without_parameter_sets = 0

    def lost(self):
        self.broken = True

    def push(self, packet):
        """Returns a complete Annex-B access unit, b'' for a dropped one, or None while incomplete."""
        if self.timestamp is not None and packet.timestamp != self.timestamp:
            self._finish()  # a marker bit was lost: the unit in progress ends here, broken
            self.broken = True
            self.nals, self.fragment = [], None
        self.timestamp = packet.timestamp
        try:
            for kind, data in nal_units(packet.payload):
                if kind == "nal":
                    self.nals.append(data)
                elif kind == "fu-start":
                    self.fragment = bytearray(data)
                elif self.fragment is None:
                    self.broken = True
                else:
                    self.fragment += data
                    if kind == "fu-end":
                        self.nals.append(bytes(self.fragment))
                        self.fragment = None
        except ValueError:
            self.broken = True
        return self._finish() if packet.marker else None

    def _finish(self):
        nals, broken = self.nals, self.broken or self.fragment is not None
        self.nals, self.fragment, self.timestamp, self.broken = [], None, None, False
        types = {nal[0] & 0x1F for nal in nals}
        keyframe = NAL_IDR in types and NAL_SPS in types and NAL_PPS in types
        if broken or not nals or not (self.started or keyframe):
            self.dropped_units += 1
            return b""
        self.started = True
        self.frames += 1
        self.keyframes += keyframe
        self.idr_without_parameter_sets += NAL_IDR in types and not keyframe
        return b"".join(START_CODE + nal for nal in nals)


def opens_keyframe(payload):
    """§10.2: a viewer's first MEDIA begins with SPS, PPS or an IDR slice: alone, first in a STAP-A,
    or the start fragment of an FU-A."""
    if len(payload) < 2:
        return False
    nal_type = payload[0] & 0x1F
    if nal_type == STAP_A:
        nal_type = payload[3] & 0x1F if len(payload) > 3 else 0
    elif nal_type == FU_A:
        nal_type = payload[1] & 0x1F if payload[1] & 0x80 else 0
    return nal_type in (NAL_IDR, NAL_SPS, NAL_PPS)


def capture_clock_offset_ms(rtp_timestamp, clock_rate, unix_now):
    """How far (ms) an RTP timestamp lies behind now, read as capture time since 1970 (§10.2, §10.7)."""
    now_units = int(unix_now * clock_rate) & 0xFFFFFFFF
    behind = (now_units - rtp_timestamp) & 0xFFFFFFFF
    if behind >= 1 << 31:
        behind -= 1 << 32
    return round(1000 * behind / clock_rate, 1)


def sequence_after(a, b):
    """True when 16-bit sequence number a comes after b."""
    return a != b and ((a - b) & 0xFFFF) < 0x8000


# RTCP (RFC 3550 §6, RFC 4585 §6, RFC 3611 §4.4), the viewer's side of §10.6.
RTCP_SR, RTCP_RR, RTCP_RTPFB, RTCP_PSFB, RTCP_XR = 200, 201, 205, 206, 207


def ntp_timestamp(unix_seconds):
    seconds = int(unix_seconds) + 2208988800
    return seconds & 0xFFFFFFFF, int((unix_seconds % 1) * (1 << 32)) & 0xFFFFFFFF


def receiver_report(own_ssrc, media_ssrc, fraction_lost, cumulative_lost, highest_extended, jitter, lsr, dlsr):
    block = struct.pack(
        ">IIIIII", media_ssrc, (fraction_lost << 24) | (cumulative_lost & 0xFFFFFF), highest_extended, jitter, lsr, dlsr
    )
    return struct.pack(">BBHI", 0x81, RTCP_RR, 7, own_ssrc) + block


def receiver_reference_time(own_ssrc, unix_seconds):
    msw, lsw = ntp_timestamp(unix_seconds)
    return struct.pack(">BBHI", 0x80, RTCP_XR, 4, own_ssrc) + struct.pack(">BBHII", 4, 0, 2, msw, lsw)


def picture_loss_indication(own_ssrc, media_ssrc):
    return struct.pack(">BBHII", 0x81, RTCP_PSFB, 2, own_ssrc, media_ssrc)


def generic_nack(own_ssrc, media_ssrc, missing):
    pairs, missing = [], sorted(set(missing), key=lambda s: s)
    while missing:
        pid, blp, rest = missing[0], 0, []
        for seq in missing[1:]:
            distance = (seq - pid) & 0xFFFF
            if 1 <= distance <= 16:
                blp |= 1 << (distance - 1)
            else:
                rest.append(seq)
        pairs.append(struct.pack(">HH", pid, blp))
        missing = rest
    body = b"".join(pairs)
    return struct.pack(">BBHII", 0x81, RTCP_RTPFB, 2 + len(pairs), own_ssrc, media_ssrc) + body


def parse_compound(data):
    """Yields (packet_type, count, body) for each RTCP packet of a compound."""
    offset = 0
    while offset + 4 <= len(data):
        first, packet_type, length = struct.unpack_from(">BBH", data, offset)
        end = offset + 4 * (length + 1)
        if first >> 6 != 2 or end > len(data):
            return
        yield packet_type, first & 0x1F, data[offset + 4 : end]
        offset = end
