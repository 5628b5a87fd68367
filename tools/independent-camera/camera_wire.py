"""The camera's side of the cloud wire format (PROTOCOL.md §3, §4, §5.3): REGISTER_HELLO, REGISTER,
RESUME, KEEPALIVE and CONNECT_ANSWER out; REGISTER_CHALLENGE, REGISTERED, KEEPALIVE_ACK,
CONNECT_FORWARD and ERROR in."""

import hashlib
import hmac
import struct

import shared_wire  # noqa: F401  (puts the viewer's modules on the path)
from cloud_wire import (ERROR, ERROR_NAMES, WireError, decode_blob, decode_candidate, decode_candidates,
                        decode_header, encode_candidates, header)

REGISTER_HELLO, REGISTER_CHALLENGE, REGISTER, REGISTERED = 0x01, 0x02, 0x03, 0x04
KEEPALIVE, KEEPALIVE_ACK, RESUME = 0x05, 0x06, 0x07
CONNECT_FORWARD, CONNECT_ANSWER = 0x13, 0x14
NOT_REGISTERED, CHALLENGE_EXPIRED, RATE_LIMITED, TICKET_REFUSED = 1, 2, 3, 4

REGISTER_CONTEXT = b"p2pcam register v1\0"  # §4.3
RESUME_CONTEXT = b"p2pcam resume v1\0"  # §4.8
TICKET_BYTES, COOKIE_BYTES, TOKEN_BYTES = 24, 24, 16


def encode_hello(transaction, public_key):
    return header(REGISTER_HELLO, transaction) + public_key


def register_signed_bytes(transaction, public_key, cookie, candidates):
    """§4.3: the context string, then the REGISTER's own bytes up to the signature."""
    return REGISTER_CONTEXT + header(REGISTER, transaction) + public_key + cookie + encode_candidates(candidates)


def encode_register(transaction, public_key, cookie, candidates, sign):
    signed = register_signed_bytes(transaction, public_key, cookie, candidates)
    return signed[len(REGISTER_CONTEXT):] + sign(signed)


def encode_resume(transaction, public_key, cookie, ticket, secret):
    unsigned = header(RESUME, transaction) + public_key + cookie + ticket
    return unsigned + hmac.new(secret, RESUME_CONTEXT + unsigned, hashlib.sha256).digest()


def encode_keepalive(transaction, camera_id, token):
    return header(KEEPALIVE, transaction) + camera_id + token


def encode_answer(forward_id, camera_id, token, accept, handshake):
    """§3.10.11; a camera of session version 2 sends no candidates here (§10.1 "Candidates are bound")."""
    return (header(CONNECT_ANSWER, forward_id) + camera_id + token + bytes([1 if accept else 0])
            + encode_candidates([]) + struct.pack(">H", len(handshake)) + handshake)


def decode(datagram):
    """Returns (type, transaction, fields) of a message for a camera, or raises WireError (the caller drops)."""
    kind, transaction = decode_header(datagram)
    decoder = DECODERS.get(kind)
    if decoder is None:
        raise WireError(f"type 0x{kind:02x} not for a camera")
    return kind, transaction, decoder(datagram)


def _need(datagram, end, what):
    if len(datagram) < end:
        raise WireError(f"TRUNCATED {what}")


def decode_challenge(datagram):
    _need(datagram, 36, "challenge")
    return {"cookie": bytes(datagram[12:36])}


def decode_registered(datagram):
    reflexive, offset = decode_candidate(datagram, 12)
    _need(datagram, offset + 25, "registered")
    token = bytes(datagram[offset:offset + 16])
    keepalive, expiry, flags = struct.unpack_from(">IIB", datagram, offset + 16)
    offset += 25
    fields = {"reflexive": reflexive, "token": token, "keepalive": keepalive, "expiry": expiry,
              "relays": bool(flags & 1), "ticket": None}
    if len(datagram) - offset >= 88:  # §3.10.4: the three resumption fields go together
        ephemeral, sealed = bytes(datagram[offset:offset + 32]), bytes(datagram[offset + 32:offset + 64])
        ticket = bytes(datagram[offset + 64:offset + 88])
        offset += 88
        if ticket != bytes(TICKET_BYTES):
            fields.update(ticket=ticket, ephemeral=ephemeral, sealed=sealed, pass_key_sealed=None)
            if len(datagram) - offset >= 16:
                fields["pass_key_sealed"] = bytes(datagram[offset:offset + 16])
    return fields


def decode_keepalive_ack(datagram):
    _need(datagram, 16, "keepalive ack")
    return {"keepalive": struct.unpack_from(">I", datagram, 12)[0]}


def decode_forward(datagram):
    candidates, offset = decode_candidates(datagram, 12)
    handshake, offset = decode_blob(datagram, offset)
    relay_ticket, relay_key = 0, None
    if len(datagram) - offset >= 24:  # §3.5: a grant is read only when 24 bytes follow the handshake
        (relay_ticket,) = struct.unpack_from(">Q", datagram, offset)
        relay_key = bytes(datagram[offset + 8:offset + 24]) if relay_ticket else None
    return {"candidates": candidates, "handshake": bytes(handshake), "relay_ticket": relay_ticket,
            "relay_key": relay_key}


def decode_error(datagram):
    _need(datagram, 14, "error")
    (code,) = struct.unpack_from(">H", datagram, 12)
    return {"code": code if code in ERROR_NAMES else 0, "name": ERROR_NAMES.get(code, "UNKNOWN")}


DECODERS = {REGISTER_CHALLENGE: decode_challenge, REGISTERED: decode_registered,
            KEEPALIVE_ACK: decode_keepalive_ack, CONNECT_FORWARD: decode_forward, ERROR: decode_error}
