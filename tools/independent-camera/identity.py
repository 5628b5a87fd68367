"""The camera's long-term identity (PROTOCOL.md §2.1): an Ed25519 key pair that signs registrations, an
X25519 key pair that is its static key in the session handshake, and the camera ID they hash to."""

import os

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

import shared_wire  # noqa: F401
import camera_id

RAW = (Encoding.Raw, PublicFormat.Raw)


class Identity:
    def __init__(self, signing_key, static_key):
        self.signing_key, self.static_key = signing_key, static_key
        # CameraPublicKey = raw Ed25519 public (32) ‖ raw X25519 public (32).
        self.public_key = (signing_key.public_key().public_bytes(*RAW)
                           + static_key.public_key().public_bytes(*RAW))
        self.camera_id = camera_id.id_of_key(self.public_key)
        self.text = camera_id.to_text(self.camera_id)

    def sign(self, message):
        return self.signing_key.sign(message)

    def static_public(self):
        return self.public_key[32:]

    @staticmethod
    def generate():
        return Identity(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @staticmethod
    def load_or_create(path):
        """The two 32-byte private keys in one owner-only file, made on first use."""
        if path and os.path.exists(path):
            with open(path, "rb") as f:
                raw = f.read()
            return Identity(Ed25519PrivateKey.from_private_bytes(raw[:32]),
                            X25519PrivateKey.from_private_bytes(raw[32:64]))
        identity = Identity.generate()
        if path:
            raw = (identity.signing_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
                   + identity.static_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(raw)
        return identity
