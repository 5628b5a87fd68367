"""One admitted viewer's session at the camera (PROTOCOL.md §10.2–§10.4, §10.6, §10.9), without I/O:
punching and the path, keepalives, silence, what the viewer's feedback asks for. Feed it datagrams with
`handle`, wake it with `on_timer`, hand it media with `send_media`; it queues (datagram, address) pairs
in `outbox` and sets `closed` with a reason when it ends. With a relay grant (§7) the relay is one more
path, RELAY: packets to it are wrapped in the camera's FRAMEs, and relayed ones arrive from RELAY."""

import hashlib
import hmac
import secrets
import socket
import struct

import shared_wire  # noqa: F401
import cloud_wire
import session_packets as sp
from media import RTCP_PSFB, RTCP_RTPFB, RTCP_XR, parse_compound
from unpaired_budget import TokenBucket

PROBE_PACING = 0.05
SEARCH_PACING = 0.25
SLOW_SEARCH_PACING = 2.0
SEARCH_FAST_FOR = 10.0
KEEPALIVE_IDLE = 1.0
QUIET_PATH = 2.2
SILENCE = 5.0
PUNCH_TIMEOUT = 10.0
MAX_CANDIDATES = 32
AMPLIFICATION = 3
SR_PERIOD = 1.0
RELAY_PROBING_STARTS = 1.0  # §10.3: without a path 1 s after its own start, a side probes the relay
RELAY_PROBE_INTERVAL = 0.25
MAIN, SUB = 0, 1
RELAY = ("relay", 0)  # the relay as an address: what `path` and a packet's source hold for it


def address_bytes(address):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    return socket.inet_pton(family, address[0])


class ViewerSession:
    def __init__(self, crypto, name, forwarded, hello_candidates, own_family, now, relay=None, direct=True):
        """relay: the forward's RelayGrant or None; direct=False: as behind a firewall passing only the cloud."""
        self.crypto = crypto
        self.name = name
        self.relay = relay
        self.started_at = now
        self.next_relay_probe_at = now + RELAY_PROBING_STARTS
        self.relay_since = None
        self.outbox = []
        self.closed = None
        # §10.1 "Candidates are bound": the forward's REFLEXIVE entry and the hello's own candidates,
        # of the families we have (§10.3), LOCAL ones first.
        wanted = [c for c in forwarded[:1] + hello_candidates if (":" in c[1]) == (own_family == 6) and direct]
        ordered = [c for c in wanted if c[0] == cloud_wire.LOCAL] + [c for c in wanted if c[0] != cloud_wire.LOCAL]
        self.candidates, self.local, self.reflexive = [], set(), set()
        for kind, ip, port in ordered:
            address = (ip, port)
            (self.local if kind == cloud_wire.LOCAL else self.reflexive).add(address)
            if address not in self.candidates:
                self.candidates.append(address)
        self.probe_secret = secrets.token_bytes(32)
        self.path = self.path_kind = None
        self.next_probe_at = now
        self.probe_index = 0
        self.last_sent_on_path = now
        self.last_heard = now  # anything authentic
        self.last_heard_on_path = now
        self.searching_since = None
        self.validations = {}  # address → when its last validating PROBE went
        self.learnt = {}  # address learnt from packets → [bytes received, bytes sent] (§10.3 anti-amplification)
        self.media_started = False
        self.wants_keyframe = False
        self.keyframe_budget = TokenBucket(2, 1.0, now)  # §10.6: 2 at once, then one per second
        self.first_sequence, self.packets_sent = None, 0
        self.next_report_at = now + SR_PERIOD
        self.reference_time = None  # (LRR, viewer SSRC, arrival) of the newest XR receiver reference time
        self.stats = {"probes": 0, "plis": 0, "nacked": 0, "retransmitted": 0, "selections": {MAIN: 0, SUB: 0},
                      "refused_selections": 0, "ignored_feedback": 0, "bad_selections": 0}

    # ---- sending ----

    def _send(self, kind, body, address, now):
        if address in self.learnt and address != self.path and address not in self.candidates:
            received, sent = self.learnt[address]
            if sent + sp.HEADER_BYTES + 17 + len(body) > AMPLIFICATION * received:
                return  # §10.3: an unvalidated address gets at most 3× what it sent us
        datagram = self.crypto.seal(kind, body)
        if address == RELAY:
            self.outbox.append((self.relay.wrap(datagram), self.relay.address))
            if self.path == RELAY:
                self.last_sent_on_path = now
            return
        if address in self.learnt:
            self.learnt[address][1] += len(datagram)
        if address == self.path:
            self.last_sent_on_path = now
        self.outbox.append((datagram, address))

    def probe_token(self, address):
        if address == RELAY:
            address = self.relay.address  # a relayed PROBE's destination is the relay's address (§10.3)
        return hmac.new(self.probe_secret, address_bytes(address) + struct.pack(">HI", address[1], 0),
                        hashlib.sha256).digest()[:8]

    def _probe(self, address, now):
        self.stats["probes"] += 1
        self._send(sp.PROBE, self.probe_token(address), address, now)

    def send_media(self, packets, keyframe, sequence_of_first, now):
        """One access unit's RTP packets; a viewer's media starts at a keyframe once its path is fixed."""
        if self.closed or self.path is None:
            return
        if not self.media_started:
            if not keyframe:
                return
            self.media_started, self.first_sequence = True, sequence_of_first
        self.wants_keyframe = self.wants_keyframe and not keyframe
        for packet in packets:
            self._send(sp.MEDIA, packet, self.path, now)
        self.packets_sent += len(packets)

    def _ask_keyframe(self, now):
        if self.keyframe_budget.take(now):
            self.wants_keyframe = True

    # ---- receiving ----

    def handle(self, datagram, source, now, rtp):
        opened = self.crypto.open(datagram)
        if opened is None:
            return
        kind, body = opened
        self.last_heard = now
        if source == self.path:
            self.last_heard_on_path, self.searching_since = now, None
        elif source in self.learnt:
            self.learnt[source][0] += len(datagram)
        if kind == sp.PROBE:
            self._on_probe(body, source, len(datagram), now)
        elif kind == sp.PROBE_ACK:
            self._on_probe_ack(body, source, now)
        else:
            # Relayed packets start no validation while a direct path is not quiet (§10.3).
            quiet_direct = self.path not in (None, RELAY) and now - self.last_heard_on_path >= QUIET_PATH
            if source != self.path and (source != RELAY or self.path in (None, RELAY) or quiet_direct):
                self._validate(source, now)
            self._on_data(kind, body, now, rtp)

    def _on_probe(self, token, source, size, now):
        if source == RELAY:
            self._send(sp.PROBE_ACK, token, source, now)
            return
        if source not in self.candidates and (self.path is None or self.searching_since is not None):
            if len(self.candidates) < MAX_CANDIDATES:  # the peer's NAT mapping (peer-reflexive)
                self.candidates.append(source)
                self.learnt.setdefault(source, [size, 0])
                self._send(sp.PROBE_ACK, token, source, now)
                self._probe(source, now)
                return
        if source not in self.candidates and source != self.path and source not in self.learnt:
            self.learnt[source] = [size, 0]  # answered within the anti-amplification limit
        self._send(sp.PROBE_ACK, token, source, now)

    def _on_probe_ack(self, token, source, now):
        if not hmac.compare_digest(token, self.probe_token(source)) or source == self.path:
            return
        first = self.path is None
        self.path = source
        self.relay_since = now if source == RELAY else None
        if source == RELAY:
            self.path_kind = "relay"
        else:
            self.path_kind = "lan" if source in self.local and source not in self.reflexive else "direct"
        self.last_heard_on_path, self.searching_since = now, None
        self.learnt.pop(source, None)
        self.validations.clear()
        self._send(sp.KEEPALIVE, b"", source, now)  # tells the peer the path works
        if first:
            self.wants_keyframe = True  # the camera's own keyframe: not an ask (§10.6)
        elif not self.media_started:
            self.wants_keyframe = True

    def _validate(self, source, now):
        if now - self.validations.get(source, -1.0) >= PROBE_PACING:
            self.validations[source] = now
            self.learnt.setdefault(source, [0, 0])
            self._probe(source, now)

    def _on_data(self, kind, body, now, rtp):
        if kind == sp.BYE:
            self.closed = "BYE"
        elif kind == sp.KEYFRAME_REQUEST:
            self.stats["plis"] += 1
            self._ask_keyframe(now)
        elif kind == sp.MEDIA_FEEDBACK:
            self._on_feedback(body, now, rtp)
        elif kind == sp.SELECT_STREAM:
            if not body:
                self.stats["bad_selections"] += 1  # the viewer's bug: dropped, never answered
            elif body[0] == MAIN:
                self.stats["selections"][MAIN] += 1  # the stream it already has: nothing changes
            else:
                self.stats["refused_selections"] += 1  # no sub-stream here, or a reserved value
                if body[0] == SUB:
                    self.stats["selections"][SUB] += 1

    def _on_feedback(self, body, now, rtp):
        for packet_type, fmt, content in parse_compound(body):
            if packet_type == RTCP_PSFB and fmt == 1 and len(content) >= 8:
                media_ssrc = struct.unpack_from(">I", content, 4)[0]
                if media_ssrc in (rtp.ssrc, 0):
                    self.stats["plis"] += 1
                    self._ask_keyframe(now)
                else:
                    self.stats["ignored_feedback"] += 1
            elif packet_type == RTCP_RTPFB and fmt == 1 and len(content) >= 8:
                self._on_nack(content, now, rtp)
            elif packet_type == RTCP_XR and len(content) >= 16:
                sender = struct.unpack_from(">I", content, 0)[0]
                block_type, _, _, msw, lsw = struct.unpack_from(">BBHII", content, 4)
                if block_type == 4:  # receiver reference time (RFC 3611 §4.4)
                    self.reference_time = (((msw & 0xFFFF) << 16) | (lsw >> 16), sender, now)

    def _on_nack(self, content, now, rtp):
        media_ssrc = struct.unpack_from(">I", content, 4)[0]
        if media_ssrc != rtp.ssrc or self.path is None or self.first_sequence is None:
            self.stats["ignored_feedback"] += 1
            return
        for offset in range(8, len(content) - 3, 4):
            pid, blp = struct.unpack_from(">HH", content, offset)
            for seq in [pid] + [(pid + i + 1) & 0xFFFF for i in range(16) if blp >> i & 1]:
                self.stats["nacked"] += 1
                packet = rtp.history.get(seq)
                if packet is not None and (seq - self.first_sequence) & 0xFFFF < self.packets_sent:
                    self.stats["retransmitted"] += 1
                    self._send(sp.MEDIA_RETRANSMISSION, packet, self.path, now)

    # ---- timers ----

    def on_timer(self, now, rtp):
        """`now` is the camera's monotonic clock, also the SR's NTP time (only echoed back, §10.6)."""
        if self.closed:
            return
        if now - self.last_heard >= SILENCE:
            if self.path is not None:
                self._send(sp.BYE, b"", self.path, now)
            self.closed = "PEER_SILENT"
            return
        if self.relay and now >= self.next_relay_probe_at and (self.path is None or self.searching_since is not None):
            self._probe(RELAY, now)
            self.next_relay_probe_at = now + RELAY_PROBE_INTERVAL
        if self.path is None:
            if now - self.started_at >= PUNCH_TIMEOUT:
                self.closed = "PUNCH_FAILED"
            elif now >= self.next_probe_at and self.candidates:
                self._probe(self.candidates[self.probe_index % len(self.candidates)], now)
                self.probe_index += 1
                self.next_probe_at = now + PROBE_PACING
            return
        if self.path == RELAY and now >= self.next_probe_at and self.candidates:
            # §10.3 upgrade: on the relay, one direct candidate in turn, every 250 ms for 10 s, then 2 s.
            self._probe(self.candidates[self.probe_index % len(self.candidates)], now)
            self.probe_index += 1
            fast = now - self.relay_since < SEARCH_FAST_FOR
            self.next_probe_at = now + (SEARCH_PACING if fast else SLOW_SEARCH_PACING)
        if now - self.last_heard_on_path >= QUIET_PATH:  # §10.3: search around a quiet path
            if self.searching_since is None:
                self.searching_since, self.next_probe_at = now, now
            if now >= self.next_probe_at and self.candidates:
                self._probe(self.candidates[self.probe_index % len(self.candidates)], now)
                self.probe_index += 1
                fast = now - self.searching_since < SEARCH_FAST_FOR
                self.next_probe_at = now + (SEARCH_PACING if fast else SLOW_SEARCH_PACING)
        if self.media_started and now >= self.next_report_at:
            self.next_report_at = now + SR_PERIOD
            self._send(sp.MEDIA_FEEDBACK, rtp.sender_report(now, self._dlrr(now)), self.path, now)
        if now - self.last_sent_on_path >= KEEPALIVE_IDLE:
            self._send(sp.KEEPALIVE, b"", self.path, now)

    def _dlrr(self, now):
        if self.reference_time is None:
            return None
        lrr, sender, arrived = self.reference_time
        self.reference_time = None  # in the next SR after a reference time only
        return sender, lrr, int((now - arrived) * 65536) & 0xFFFFFFFF
