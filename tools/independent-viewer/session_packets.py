"""Sealed session packets (PROTOCOL.md §10.2): header, ChaCha20-Poly1305 under the Noise transport
keys, the replay window and key update (Noise Rekey, QUIC-style phases)."""

import struct
import time

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from handshake import noise_nonce

SESSION_MAGIC = 0x53
PACKET_TYPE = 0x01
HEADER_BYTES = 14
REPLAY_WINDOW = 4033
KEY_UPDATE_AFTER_SECONDS = 120
PREVIOUS_KEY_KEPT_SECONDS = 10

PROBE, PROBE_ACK, KEEPALIVE, MEDIA, KEYFRAME_REQUEST, BYE, MEDIA_FEEDBACK, MEDIA_RETRANSMISSION, SELECT_STREAM = range(1, 10)


def rekey(key):
    """Noise Rekey(): the first 32 bytes of encrypting 32 zero bytes under nonce 2^64-1."""
    return ChaCha20Poly1305(key).encrypt(b"\0\0\0\0" + b"\xff" * 8, bytes(32), b"")[:32]


def is_session_packet(datagram):
    return len(datagram) >= HEADER_BYTES + 16 and datagram[0] == SESSION_MAGIC and datagram[1] & 0x7F == PACKET_TYPE


class ReplayWindow:
    def __init__(self):
        self.highest = -1
        self.seen = set()

    def fresh(self, counter):
        return counter > self.highest - REPLAY_WINDOW and counter not in self.seen

    def mark(self, counter):
        self.seen.add(counter)
        if counter > self.highest:
            self.highest = counter
            floor = counter - REPLAY_WINDOW
            if len(self.seen) > 2 * REPLAY_WINDOW:
                self.seen = {c for c in self.seen if c > floor}


class SessionCrypto:
    """Seals what this side sends (receiver ID = the peer's session ID) and opens what arrives."""

    def __init__(self, send_key, receive_key, peer_session_id, own_session_id, clock=time.monotonic):
        self.clock = clock
        self.send_key, self.receive_key = send_key, receive_key
        self.previous_receive_key = None
        self.previous_dropped_at = None
        self.phase = 0
        self.keys_since = clock()
        self.received_under_current = True  # the handshake counts for phase 0
        self.lowest_counter_this_phase = None
        self.peer_session_id, self.own_session_id = peer_session_id, own_session_id
        self.next_counter = 0
        self.window = ReplayWindow()
        self.dropped = 0

    def seal(self, kind, body=b""):
        now = self.clock()
        if now - self.keys_since >= KEY_UPDATE_AFTER_SECONDS and self.received_under_current:
            self._advance_phase(now)
        counter = self.next_counter
        self.next_counter += 1
        head = bytes([SESSION_MAGIC, ((self.phase & 1) << 7) | PACKET_TYPE]) + struct.pack(">IQ", self.peer_session_id, counter)
        return head + ChaCha20Poly1305(self.send_key).encrypt(noise_nonce(counter), bytes([kind]) + body, head)

    def open(self, datagram):
        """Returns (kind, body) for an authentic fresh packet to us, else None (dropped, counted)."""
        receiver, counter = struct.unpack_from(">IQ", datagram, 2)
        if receiver != self.own_session_id or not self.window.fresh(counter):
            self.dropped += 1
            return None
        head, sealed = datagram[:HEADER_BYTES], datagram[HEADER_BYTES:]
        now = self.clock()
        if self.previous_receive_key and self.previous_dropped_at is not None and now >= self.previous_dropped_at:
            self.previous_receive_key = None
        phase_bit = datagram[1] >> 7
        follows = False
        if phase_bit == self.phase & 1:
            key = self.receive_key
        elif self.previous_receive_key and (self.lowest_counter_this_phase is None or counter < self.lowest_counter_this_phase):
            key = self.previous_receive_key
        else:
            key, follows = rekey(self.receive_key), True
        try:
            plaintext = ChaCha20Poly1305(key).decrypt(noise_nonce(counter), sealed, head)
        except InvalidTag:
            self.dropped += 1
            return None
        self.window.mark(counter)
        if follows:
            self._advance_phase(now)
        if key is self.receive_key or follows:
            self.received_under_current = True
            if self.lowest_counter_this_phase is None or counter < self.lowest_counter_this_phase:
                self.lowest_counter_this_phase = counter
            if self.previous_dropped_at is None or follows:
                self.previous_dropped_at = now + PREVIOUS_KEY_KEPT_SECONDS
        if not plaintext:
            return None
        return plaintext[0], plaintext[1:]

    def _advance_phase(self, now):
        self.previous_receive_key = self.receive_key
        self.receive_key = rekey(self.receive_key)
        self.send_key = rekey(self.send_key)
        self.phase += 1
        self.keys_since = now
        self.received_under_current = False
        self.lowest_counter_this_phase = None
        self.previous_dropped_at = None
