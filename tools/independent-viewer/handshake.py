"""The viewer's half of the session handshake (PROTOCOL.md §10.1): Noise_IK_25519_ChaChaPoly_SHA256
(Noise rev. 34) as initiator, the 28-byte envelope, ViewerHello out and CameraWelcome in."""

import hashlib
import hmac
import struct
import time

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

import cloud_wire

PROTOCOL_NAME = b"Noise_IK_25519_ChaChaPoly_SHA256"
PROLOGUE_LABEL = b"p2pcam session v2"
PAIRING_LABEL = b"p2pcam pairing v1"
HELLO_VERSION = 2
VERDICTS = {0: "ADMITTED", 1: "WRONG_PASSWORD", 2: "TOO_MANY_ATTEMPTS", 3: "BUSY", 4: "PASSWORD_NEEDED"}
REFUSALS = {1: "STALE", 2: "THROTTLED"}


class HandshakeError(Exception):
    pass


def raw_public(private_key):
    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def noise_nonce(counter):
    """Noise's ChaChaPoly nonce: 4 zero bytes then the 64-bit counter, little-endian."""
    return b"\0\0\0\0" + struct.pack("<Q", counter)


def hkdf2(chaining_key, input_key_material):
    temp = hmac.new(chaining_key, input_key_material, hashlib.sha256).digest()
    out1 = hmac.new(temp, b"\x01", hashlib.sha256).digest()
    out2 = hmac.new(temp, out1 + b"\x02", hashlib.sha256).digest()
    return out1, out2


class SymmetricState:
    """Noise §5.2 with SHA-256 and ChaChaPoly."""

    def __init__(self, prologue):
        self.h = PROTOCOL_NAME if len(PROTOCOL_NAME) == 32 else hashlib.sha256(PROTOCOL_NAME).digest()
        self.ck = self.h
        self.k = None
        self.n = 0
        self.mix_hash(prologue)

    def mix_hash(self, data):
        self.h = hashlib.sha256(self.h + data).digest()

    def mix_key(self, ikm):
        self.ck, self.k = hkdf2(self.ck, ikm)
        self.n = 0

    def encrypt_and_hash(self, plaintext):
        if self.k is None:
            out = plaintext
        else:
            out = ChaCha20Poly1305(self.k).encrypt(noise_nonce(self.n), plaintext, self.h)
            self.n += 1
        self.mix_hash(out)
        return out

    def decrypt_and_hash(self, ciphertext):
        if self.k is None:
            out = ciphertext
        else:
            out = ChaCha20Poly1305(self.k).decrypt(noise_nonce(self.n), ciphertext, self.h)
            self.n += 1
        self.mix_hash(ciphertext)
        return out

    def split(self):
        return hkdf2(self.ck, b"")


def tai64n(now_seconds):
    seconds = int(now_seconds)
    nanos = int((now_seconds - seconds) * 1e9)
    return struct.pack(">QI", seconds + (1 << 62) + 10, min(nanos, 999_999_999))


def encode_string(text, limit):
    data = text.encode("utf-8")
    if len(data) > limit:
        raise HandshakeError(f"string longer than {limit} bytes")
    return bytes([len(data)]) + data


def encode_viewer_hello(session_id, pair, candidates, password, name):
    return (
        bytes([HELLO_VERSION])
        + struct.pack(">I", session_id)
        + bytes([1 if pair else 0])
        + cloud_wire.encode_candidates(candidates)
        + encode_string(password, 128)
        + encode_string(name, 64)
    )


def decode_camera_welcome(data):
    try:
        if data[0] != HELLO_VERSION:
            raise HandshakeError(f"welcome version {data[0]}")
        verdict = data[1]
        flags = data[2]
        session_id, width, height, fps, relay_ticket = struct.unpack_from(">IHHBQ", data, 3)
        candidates, offset = cloud_wire.decode_candidates(data, 20)
    except (IndexError, struct.error, cloud_wire.WireError) as e:
        raise HandshakeError(f"malformed welcome: {e}") from e
    welcome = {
        "verdict": VERDICTS.get(verdict, "UNKNOWN"),
        "paired": bool(flags & 1),
        "session_id": session_id,
        "width": width,
        "height": height,
        "fps": fps,
        "relay_ticket": relay_ticket,
        "candidates": [c for c in candidates if c[0] in (cloud_wire.LOCAL, cloud_wire.REFLEXIVE)],
    }
    if len(data) - offset >= 24:
        pass_id = struct.unpack_from(">Q", data, offset)[0]
        if pass_id != 0:  # a zero pass slot is "none" (§10.1)
            welcome["pass_id"], welcome["pass_key"] = pass_id, data[offset + 8 : offset + 24]
        offset += 24
    # The stream list (§10.1): after the pass slot, or right after the candidates when fewer than 24
    # bytes follow them; absent from cameras older than it (then: {}).
    welcome["streams"] = decode_stream_list(data, offset) if offset < len(data) else {}
    return welcome


STREAM_NAMES = {0: "main", 1: "sub"}


def decode_stream_list(data, offset):
    """{"main"/"sub": (width, height, fps)}; unknown stream codes skipped, a malformed list refused."""
    count = data[offset]
    if count > 3 or offset + 1 + 6 * count > len(data):
        raise HandshakeError(f"malformed welcome: a stream list of {count} streams")
    streams = {}
    for i in range(count):
        code, width, height, fps = struct.unpack_from(">BHHB", data, offset + 1 + 6 * i)
        name = STREAM_NAMES.get(code)
        if name is None:
            continue
        if name in streams or width == 0 or height == 0:
            raise HandshakeError(f"malformed welcome: stream {name} listed twice or without a size")
        streams[name] = (width, height, fps)
    return streams


class ViewerHandshake:
    """Writes message 1 in its envelope, then reads message 2 into a CameraWelcome and the keys."""

    def __init__(self, camera_id, camera_public_key, viewer_static=None, now_seconds=None):
        self.camera_id = camera_id
        self.rs = X25519PublicKey.from_public_bytes(camera_public_key[32:64])
        self.s = viewer_static or X25519PrivateKey.generate()
        self.timestamp = tai64n(time.time() if now_seconds is None else now_seconds)
        self.state = SymmetricState(PROLOGUE_LABEL + camera_id + self.timestamp)
        self.state.mix_hash(camera_public_key[32:64])  # pre-message "<- s"
        self.e = None

    def write_envelope(self, hello_payload):
        st = self.state
        self.e = X25519PrivateKey.generate()
        e_pub = raw_public(self.e)
        st.mix_hash(e_pub)  # -> e
        st.mix_key(self.e.exchange(self.rs))  # es
        encrypted_s = st.encrypt_and_hash(raw_public(self.s))  # s
        st.mix_key(self.s.exchange(self.rs))  # ss
        message1 = e_pub + encrypted_s + st.encrypt_and_hash(hello_payload)
        pairing_key = hmac.new(PAIRING_LABEL, self.s.exchange(self.rs), hashlib.sha256).digest()
        tag = hmac.new(pairing_key, self.timestamp + message1, hashlib.sha256).digest()[:16]
        return self.timestamp + tag + message1

    def read_answer(self, blob):
        """Returns (welcome, send_key, receive_key); raises HandshakeError for refusals and garbage."""
        if len(blob) == 0:
            raise HandshakeError("HANDSHAKE_FAILED: the camera could not read our message")
        if len(blob) == 3:
            reason, retry_after = blob[0], struct.unpack_from(">H", blob, 1)[0]
            raise HandshakeError(f"refused {REFUSALS.get(reason, 'UNKNOWN')}, retry after {retry_after} s")
        if len(blob) < 32 + 16:
            raise HandshakeError("HANDSHAKE_FAILED: message 2 too short")
        st = self.state
        re = X25519PublicKey.from_public_bytes(blob[:32])
        st.mix_hash(blob[:32])  # <- e
        st.mix_key(self.e.exchange(re))  # ee
        st.mix_key(self.s.exchange(re))  # se
        try:
            payload = st.decrypt_and_hash(blob[32:])
        except Exception as e:
            raise HandshakeError("HANDSHAKE_FAILED: message 2 does not authenticate") from e
        send_key, receive_key = st.split()  # the initiator sends with the first key
        return decode_camera_welcome(payload), send_key, receive_key
