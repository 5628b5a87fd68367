"""H.264 access units as RTP (PROTOCOL.md §10.2 "Media format"; RFC 3550, RFC 6184 packetization-mode 1):
payload type 96, a 90 kHz clock from the capture time since 1970, one random SSRC and first sequence
number per run, the marker on each picture's last packet, every packet at most 1100 bytes. A NAL unit
that fits travels alone, a larger one as FU-A fragments (no STAP-A: optional). The last 1024 packets
are kept for NACKs (§10.6), and the SR (§10.6) counts what was sent."""

import secrets
import struct
from collections import OrderedDict

PAYLOAD_TYPE = 96
MAX_RTP_BYTES = 1100
RTP_HEADER = 12
FU_A = 28
HISTORY = 1024


def rtp_timestamp(unix_micros):
    """floor(capture µs × 9 / 100) mod 2^32, in integers (µs × 90 000 in 64 bits would overflow)."""
    return (unix_micros * 9 // 100) & 0xFFFFFFFF


def payloads(unit):
    limit = MAX_RTP_BYTES - RTP_HEADER
    if len(unit) <= limit:
        return [unit]
    indicator, kind = (unit[0] & 0xE0) | FU_A, unit[0] & 0x1F
    body, step, parts = unit[1:], limit - 2, []
    for offset in range(0, len(body), step):
        start, end = offset == 0, offset + step >= len(body)
        parts.append(bytes([indicator, (0x80 if start else 0) | (0x40 if end else 0) | kind])
                     + body[offset:offset + step])
    return parts


class RtpSender:
    def __init__(self):
        self.ssrc = secrets.randbits(32)
        self.sequence = secrets.randbits(16)
        self.history = OrderedDict()  # sequence → packet
        self.packets = self.octets = 0
        self.last_timestamp = 0

    def packetize(self, access_unit, unix_micros):
        timestamp = rtp_timestamp(unix_micros)
        self.last_timestamp = timestamp
        parts = [p for unit in access_unit.units for p in payloads(unit)]
        packets = []
        for i, payload in enumerate(parts):
            marker = 0x80 if i == len(parts) - 1 else 0
            packet = struct.pack(">BBHII", 0x80, marker | PAYLOAD_TYPE, self.sequence, timestamp, self.ssrc) + payload
            self.history[self.sequence] = packet
            if len(self.history) > HISTORY:
                self.history.popitem(last=False)
            self.sequence = (self.sequence + 1) & 0xFFFF
            self.packets += 1
            self.octets += len(payload)
            packets.append(packet)
        return packets

    def sender_report(self, ntp_seconds, dlrr=None):
        """SR without report blocks (RTCP 200); NTP time = our monotonic clock, only echoed back (§10.6).
        dlrr: (viewer SSRC, LRR, DLRR in 1/65536 s) for the XR DLRR block (RFC 3611 §4.5)."""
        msw, lsw = int(ntp_seconds) & 0xFFFFFFFF, int((ntp_seconds % 1) * (1 << 32)) & 0xFFFFFFFF
        report = struct.pack(">BBHIIIIII", 0x80, 200, 6, self.ssrc, msw, lsw, self.last_timestamp,
                             self.packets & 0xFFFFFFFF, self.octets & 0xFFFFFFFF)
        if dlrr:
            report += struct.pack(">BBHI", 0x80, 207, 5, self.ssrc) + struct.pack(">BBHIII", 5, 0, 3, *dlrr)
        return report
