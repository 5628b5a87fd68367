"""Camera IDs (PROTOCOL.md §2): text form, parsing, and the key-matches-ID check."""

import hashlib
import hmac

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LOOK_ALIKES = {"O": 0, "I": 1, "L": 1}
ID_DOMAIN = b"p2pcam camera id v1"
ID_BYTES = 15


class CameraIdError(ValueError):
    pass


def luhn32(values):
    """Luhn mod 32 check value over the 24 symbol values (§2.2 step 2)."""
    factor, total = 2, 0
    for value in reversed(values):
        product = factor * value
        total += product // 32 + product % 32
        factor = 1 if factor == 2 else 2
    return (32 - total % 32) % 32


def to_text(camera_id):
    number = int.from_bytes(camera_id, "big")
    values = [(number >> (5 * (23 - i))) & 31 for i in range(24)]
    symbols = "".join(ALPHABET[v] for v in values + [luhn32(values)])
    return "-".join(symbols[i : i + 5] for i in range(0, 25, 5))


def parse(text):
    """Parses the text form as §2.3 says, with its error messages."""
    stripped = text.strip()
    if not stripped:
        raise CameraIdError("no camera ID given")
    values = []
    for position, char in enumerate(stripped, start=1):
        if char in "- ":
            continue
        upper = char.upper() if char.isascii() else char
        if upper in LOOK_ALIKES:
            values.append(LOOK_ALIKES[upper])
        elif len(upper) == 1 and upper in ALPHABET:
            values.append(ALPHABET.index(upper))
        else:
            raise CameraIdError(f"bad character '{char}' at {position}")
    if len(values) != 25:
        raise CameraIdError(f"wrong length: a camera ID has 25 characters, this has {len(values)}")
    if luhn32(values[:24]) != values[24]:
        raise CameraIdError("check character mismatch: there is a typo somewhere in this ID")
    number = 0
    for value in values[:24]:
        number = (number << 5) | value
    return number.to_bytes(ID_BYTES, "big")


def id_of_key(camera_public_key):
    return hashlib.sha256(ID_DOMAIN + camera_public_key).digest()[:ID_BYTES]


def key_matches(camera_id, camera_public_key):
    """§2.1: the key matches when the first 15 bytes of its hash equal the ID (constant time)."""
    return len(camera_public_key) == 64 and hmac.compare_digest(id_of_key(camera_public_key), camera_id)
