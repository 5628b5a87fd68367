"""The viewer's side of the cloud wire format (PROTOCOL.md §3, §5): LOOKUP and CONNECT_REQUEST
out, LOOKUP_RESULT, CONNECT_RESULT and ERROR in."""

import hashlib
import hmac
import ipaddress
import struct

MAGIC = b"PC"
VERSION = 1
HEADER_BYTES = 12
MIN_LOOKUP = 96
MIN_CONNECT_REQUEST = 700
# §3.10.12: a result with a relay grant (712) and an IPv6 relay node (732) is sent only to a request
# at least as large (§6.2); a viewer that wants the grant whatever its sizes pads this far.
CONNECT_REQUEST_FOR_A_GRANT = 732
MAX_HANDSHAKE = 512

LOOKUP, LOOKUP_RESULT = 0x10, 0x11
CONNECT_REQUEST, CONNECT_RESULT = 0x12, 0x15
ERROR = 0x7F

LOCAL, REFLEXIVE, RELAY = 1, 2, 3
ACCEPTED, REJECTED, UNAVAILABLE = 0, 1, 2
ERROR_NAMES = {1: "NOT_REGISTERED", 2: "CHALLENGE_EXPIRED", 3: "RATE_LIMITED", 4: "TICKET_REFUSED"}


class WireError(ValueError):
    pass


def header(message_type, transaction):
    return MAGIC + bytes([VERSION, message_type]) + struct.pack(">Q", transaction)


def pad(datagram, minimum):
    return datagram + bytes(max(0, minimum - len(datagram)))


def encode_candidate(kind, address, port):
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    family = 4 if ip.version == 4 else 6
    return bytes([kind, family]) + ip.packed + struct.pack(">H", port)


def encode_candidates(candidates):
    if len(candidates) > 8:
        raise WireError("at most 8 candidates")
    return bytes([len(candidates)]) + b"".join(encode_candidate(*c) for c in candidates)


def decode_candidate(data, offset):
    if offset + 2 > len(data):
        raise WireError("TRUNCATED candidate")
    kind, family = data[offset], data[offset + 1]
    if kind not in (LOCAL, REFLEXIVE, RELAY) or family not in (4, 6):
        raise WireError(f"BAD_FIELD candidate kind {kind} family {family}")
    size = 4 if family == 4 else 16
    end = offset + 2 + size + 2
    if end > len(data):
        raise WireError("TRUNCATED candidate")
    address = str(ipaddress.ip_address(data[offset + 2 : offset + 2 + size]))
    (port,) = struct.unpack_from(">H", data, offset + 2 + size)
    if port == 0:
        raise WireError("BAD_FIELD port 0")
    return (kind, address, port), end


def decode_candidates(data, offset):
    if offset >= len(data):
        raise WireError("TRUNCATED candidate list")
    count = data[offset]
    if count > 8:
        raise WireError(f"BAD_FIELD: {count} candidates exceed the limit of 8")
    offset += 1
    candidates = []
    for _ in range(count):
        candidate, offset = decode_candidate(data, offset)
        candidates.append(candidate)
    return candidates, offset


def decode_blob(data, offset):
    if offset + 2 > len(data):
        raise WireError("TRUNCATED blob")
    (length,) = struct.unpack_from(">H", data, offset)
    if length > MAX_HANDSHAKE:
        raise WireError(f"BAD_FIELD: handshake of {length} bytes exceeds 512")
    end = offset + 2 + length
    if end > len(data):
        raise WireError("TRUNCATED blob")
    return data[offset + 2 : end], end


def encode_lookup(transaction, camera_id):
    return pad(header(LOOKUP, transaction) + camera_id, MIN_LOOKUP)


PASS_TAG_LABEL = b"p2pcam connect pass v1\0"


def encode_connect_request(transaction, camera_id, candidates, handshake, cloud_pass=None, padded_to=MIN_CONNECT_REQUEST):
    """cloud_pass: (pass id, pass key) a camera gave this viewer in its welcome, or None (§5.3)."""
    if len(handshake) > MAX_HANDSHAKE:
        raise WireError("handshake too long")
    body = camera_id + encode_candidates(candidates) + struct.pack(">H", len(handshake)) + handshake
    datagram = header(CONNECT_REQUEST, transaction) + body
    if cloud_pass:
        pass_id, pass_key = cloud_pass
        tag = hmac.new(pass_key, PASS_TAG_LABEL + datagram[HEADER_BYTES:], hashlib.sha256).digest()[:16]
        datagram += struct.pack(">Q", pass_id) + tag
    return pad(datagram, max(MIN_CONNECT_REQUEST, padded_to))


def decode_header(datagram):
    """(type, transaction) of a cloud message, checked in the order of §3.11, or raises WireError."""
    if len(datagram) > 1200:
        raise WireError("TOO_LONG")
    if len(datagram) < HEADER_BYTES:
        raise WireError("TOO_SHORT")
    if datagram[:2] != MAGIC:
        raise WireError("BAD_MAGIC")
    if datagram[2] != VERSION:
        raise WireError("BAD_VERSION")
    return datagram[3], struct.unpack_from(">Q", datagram, 4)[0]


def decode(datagram):
    """Returns (type, transaction, fields dict), or raises WireError; the caller drops on error."""
    message_type, transaction = decode_header(datagram)
    if message_type == LOOKUP_RESULT:
        return message_type, transaction, decode_lookup_result(datagram)
    if message_type == CONNECT_RESULT:
        return message_type, transaction, decode_connect_result(datagram)
    if message_type == ERROR:
        if len(datagram) < 14:
            raise WireError("TRUNCATED error")
        (code,) = struct.unpack_from(">H", datagram, 12)
        return message_type, transaction, {"code": code, "name": ERROR_NAMES.get(code, "UNKNOWN")}
    raise WireError(f"type 0x{message_type:02x} not for a viewer")


def decode_lookup_result(datagram):
    if len(datagram) < 13:
        raise WireError("TRUNCATED lookup result")
    status = datagram[12]
    if status == 1:
        return {"found": False}
    if status != 0:
        raise WireError("BAD_FIELD lookup status")
    if len(datagram) < 77:
        raise WireError("TRUNCATED key")
    return {"found": True, "key": bytes(datagram[13:77])}


def decode_connect_result(datagram):
    if len(datagram) < 13:
        raise WireError("TRUNCATED connect result")
    status = datagram[12]
    if status not in (ACCEPTED, REJECTED, UNAVAILABLE):
        raise WireError("BAD_FIELD: unknown connect status")
    candidates, offset = decode_candidates(datagram, 13)
    if status != ACCEPTED and candidates:
        raise WireError("BAD_FIELD: result carries candidates")
    handshake, offset = decode_blob(datagram, offset)
    relay_ticket, relay_key, relay_node = 0, None, None
    if len(datagram) - offset >= 24:
        (relay_ticket,) = struct.unpack_from(">Q", datagram, offset)
        if relay_ticket and status != ACCEPTED:
            raise WireError("BAD_FIELD: relay grant in a result that is not ACCEPTED")
        if relay_ticket:
            relay_key = bytes(datagram[offset + 8 : offset + 24])
            relay_node = decode_relay_node(datagram, offset + 24)
    return {"status": status, "candidates": candidates, "handshake": bytes(handshake), "relay_ticket": relay_ticket,
            "relay_key": relay_key, "relay_node": relay_node}


def decode_relay_node(datagram, offset):
    """§3.10.12: one candidate of kind RELAY without a count byte, read when at least 8 bytes follow
    the grant and the first is 3; other bytes there are trailing bytes. Returns (address, port) or None."""
    if len(datagram) - offset < 8 or datagram[offset] != RELAY:
        return None
    (_, address, port), _ = decode_candidate(datagram, offset)
    ip = ipaddress.ip_address(address)
    if ip.is_unspecified or ip.is_multicast:
        raise WireError("BAD_FIELD: relay node unspecified or multicast")
    return address, port
