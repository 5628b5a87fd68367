"""The camera's half of the session handshake (PROTOCOL.md §10.1): the envelope's freshness checks,
Noise_IK_25519_ChaChaPoly_SHA256 as responder (Noise rev. 34 §7.5: `<- s ... -> e, es, s, ss` then
`<- e, ee, se`), the ViewerHello in and the CameraWelcome out. No pairing store: the pair flag is
read and ignored, as a camera that already keeps 64 pairings does ("then it admits without pairing")."""

import hmac
import secrets
import struct

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

import shared_wire  # noqa: F401
import cloud_wire
from handshake import PROLOGUE_LABEL, HELLO_VERSION, SymmetricState, raw_public
from unpaired_budget import UnpairedBudget

ENVELOPE_BYTES = 28
MIN_MESSAGE1 = 96
FRESHNESS_SECONDS = 120
EPHEMERALS_KEPT_SECONDS = 240
EPHEMERALS_KEPT = 4096
TAI64_OFFSET = (1 << 62) + 10
ADMITTED, WRONG_PASSWORD, BUSY, PASSWORD_NEEDED = 0, 1, 3, 4
STALE, THROTTLED = 1, 2


class Refused(Exception):
    """A first message refused before any X25519 work: a REJECTED answer with this 3-byte blob."""

    def __init__(self, reason, retry_after=0):
        super().__init__(reason)
        self.blob = struct.pack(">BH", reason, retry_after)


class Unreadable(Exception):
    """A first message that is too short, does not authenticate or carries a malformed hello: empty blob."""


def tai64n_seconds(stamp):
    seconds, nanos = struct.unpack(">QI", stamp)
    if nanos >= 10 ** 9 or seconds < TAI64_OFFSET:
        return None
    return seconds - TAI64_OFFSET + nanos / 1e9


def read_string(data, offset, limit):
    length = data[offset]
    end = offset + 1 + length
    if length > limit or end > len(data):
        raise Unreadable("a string runs past its limit or the end")
    try:
        return bytes(data[offset + 1:end]).decode("utf-8", errors="strict"), end  # strict: RFC 3629
    except UnicodeDecodeError as e:
        raise Unreadable("a string is not well-formed UTF-8") from e


def decode_viewer_hello(data):
    try:
        if data[0] != HELLO_VERSION:
            raise Unreadable(f"hello version {data[0]}")
        (session_id,) = struct.unpack_from(">I", data, 1)
        pair = bool(data[5] & 1)
        candidates, offset = cloud_wire.decode_candidates(data, 6)
        password, offset = read_string(data, offset, 128)
        name, offset = read_string(data, offset, 64)
    except (IndexError, struct.error, cloud_wire.WireError) as e:
        raise Unreadable(f"malformed hello: {e}") from e
    candidates = [c for c in candidates if c[0] in (cloud_wire.LOCAL, cloud_wire.REFLEXIVE)]
    return {"session_id": session_id, "pair": pair, "candidates": candidates, "password": password,
            "name": "".join(ch for ch in name if ch.isprintable()).strip()}


def encode_welcome(verdict, session_id, size, relay_ticket, candidates, streams):
    """§10.1 CameraWelcome; no pass (we pair no one), so the stream list follows the candidates."""
    width, height, fps = size
    out = bytes([HELLO_VERSION, verdict, 0]) + struct.pack(">IHHBQ", session_id, width, height, fps, relay_ticket)
    out += cloud_wire.encode_candidates(candidates)
    if streams:
        out += bytes([len(streams)]) + b"".join(struct.pack(">BHHB", *s) for s in streams)
    return out


class Responder:
    """Judges first messages for one camera. Single-threaded; `clock` gives Unix seconds."""

    def __init__(self, identity, password, started_at, budget=None):
        self.identity = identity
        self.password = password.encode("utf-8")
        self.started_at = started_at
        self.ephemerals = {}  # ephemeral key → when it was let through (§10.1 step 3)
        self.budget = budget or UnpairedBudget()

    def check_envelope(self, blob, source_ip, now):
        """Steps 1–4: no X25519 operation. Raises Unreadable or Refused."""
        if len(blob) < ENVELOPE_BYTES + MIN_MESSAGE1:
            raise Unreadable("first message too short")
        stamp = tai64n_seconds(blob[:12])
        if stamp is None or abs(stamp - now) > FRESHNESS_SECONDS or stamp < self.started_at:
            raise Refused(STALE)
        for key, seen in list(self.ephemerals.items()):
            if now - seen > EPHEMERALS_KEPT_SECONDS:
                del self.ephemerals[key]
        ephemeral = bytes(blob[ENVELOPE_BYTES:ENVELOPE_BYTES + 32])
        if ephemeral in self.ephemerals:
            raise Refused(STALE)
        if len(self.ephemerals) >= EPHEMERALS_KEPT:
            raise Refused(THROTTLED, 1)
        wait = self.budget.refusal(source_ip, now)
        if wait is not None:
            raise Refused(THROTTLED, wait)
        self.ephemerals[ephemeral] = now

    def read_message1(self, blob, now):
        """Step 5: (state, viewer's ephemeral, hello). The state is ready to write message 2."""
        stamp, message1 = bytes(blob[:12]), bytes(blob[ENVELOPE_BYTES:])
        ephemeral = message1[:32]
        state = SymmetricState(PROLOGUE_LABEL + self.identity.camera_id + stamp)
        state.mix_hash(self.identity.static_public())  # pre-message "<- s"
        try:
            re = X25519PublicKey.from_public_bytes(ephemeral)
            state.mix_hash(ephemeral)  # -> e
            state.mix_key(self.identity.static_key.exchange(re))  # es
            rs = X25519PublicKey.from_public_bytes(state.decrypt_and_hash(message1[32:80]))  # s
            state.mix_key(self.identity.static_key.exchange(rs))  # ss
            payload = state.decrypt_and_hash(message1[80:])
        except Exception as e:  # InvalidTag, or an all-zero shared secret
            self.ephemerals.pop(ephemeral, None)  # a corrupted copy must not block the genuine one
            raise Unreadable("message 1 does not authenticate") from e
        return state, re, rs, decode_viewer_hello(payload)

    def verdict(self, hello, viewers, max_viewers, source_ip, now):
        """Step 7 (no pairings kept, so never the paired lane)."""
        if hello["password"] == "":
            return PASSWORD_NEEDED
        if not hmac.compare_digest(hello["password"].encode("utf-8"), self.password):
            self.budget.wrong_password(now)
            return WRONG_PASSWORD
        self.budget.right_password()
        return BUSY if viewers >= max_viewers else ADMITTED

    @staticmethod
    def write_message2(state, re, rs, welcome):
        """`<- e, ee, se` with the welcome; returns (message 2, camera's send key, camera's receive key)."""
        e = X25519PrivateKey.generate()
        e_pub = raw_public(e)
        state.mix_hash(e_pub)
        state.mix_key(e.exchange(re))  # ee
        state.mix_key(e.exchange(rs))  # se
        message2 = e_pub + state.encrypt_and_hash(welcome)
        initiator_key, responder_key = state.split()  # the initiator sends with the first
        return message2, responder_key, initiator_key


def new_session_id():
    return secrets.randbits(32) | 1
