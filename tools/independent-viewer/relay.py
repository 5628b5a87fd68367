"""The viewer's side of the cloud's relay (PROTOCOL.md §7): FRAMEs signed with the viewer's frame
key out, the camera's FRAMEs unwrapped, and the relay's CHALLENGEs answered with a RESPONSE."""

import hashlib
import hmac
import struct

import cloud_wire

FRAME_FROM_CAMERA, FRAME_FROM_VIEWER, CHALLENGE, RESPONSE = 0x32, 0x33, 0x34, 0x35
TAG_BYTES = 16
NONCE_BYTES = 8
MIN_SESSION_PACKET, MAX_SESSION_PACKET = 31, 1200


def tag(key, signed):
    """The first 16 bytes of HMAC-SHA256 under the sender's frame key over every byte before the tag."""
    return hmac.new(key, signed, hashlib.sha256).digest()[:TAG_BYTES]


def _signed(message_type, ticket, body, key):
    head = cloud_wire.header(message_type, ticket) + body
    return head + tag(key, head)


def encode_frame(ticket, key, session_packet, message_type=FRAME_FROM_VIEWER):
    if not MIN_SESSION_PACKET <= len(session_packet) <= MAX_SESSION_PACKET:
        raise ValueError(f"a relayed session packet has 31-1200 bytes, not {len(session_packet)}")
    return _signed(message_type, ticket, session_packet, key)


def encode_challenge(ticket, nonce):
    return cloud_wire.header(CHALLENGE, ticket) + nonce


def encode_response(ticket, key, nonce):
    return _signed(RESPONSE, ticket, nonce, key)


def is_relay_datagram(datagram):
    return (len(datagram) >= cloud_wire.HEADER_BYTES and datagram[:2] == cloud_wire.MAGIC
            and datagram[2] == cloud_wire.VERSION and 0x30 <= datagram[3] <= 0x3F)


def decode(datagram, ticket, peer_frame=FRAME_FROM_CAMERA):
    """For a datagram from the relay's address: ("frame", session packet), ("challenge", nonce), or
    None (another ticket, another type, a wrong size). The peer does not check a FRAME's tag: it has
    not the other side's key, and the session packet inside is sealed end to end (§7 Peers)."""
    if not is_relay_datagram(datagram) or struct.unpack_from(">Q", datagram, 4)[0] != ticket:
        return None
    message_type = datagram[3]
    if message_type == peer_frame and len(datagram) >= cloud_wire.HEADER_BYTES + MIN_SESSION_PACKET + TAG_BYTES:
        return "frame", datagram[cloud_wire.HEADER_BYTES : -TAG_BYTES]
    if message_type == CHALLENGE and len(datagram) == cloud_wire.HEADER_BYTES + NONCE_BYTES:
        return "challenge", datagram[cloud_wire.HEADER_BYTES :]
    return None


class RelayGrant:
    """A relay ticket, this side's frame key, and where the relay is (the node that sent the
    result, or the relay node it named, §3.10.12; for the camera, the node that sent the forward).
    The frame types are the viewer's by default; the camera swaps them."""

    def __init__(self, ticket, key, address, own_frame=FRAME_FROM_VIEWER, peer_frame=FRAME_FROM_CAMERA):
        self.ticket, self.key, self.address = ticket, key, address
        self.own_frame, self.peer_frame = own_frame, peer_frame
        self.challenges_answered = 0

    def wrap(self, session_packet):
        return encode_frame(self.ticket, self.key, session_packet, self.own_frame)

    def unwrap(self, datagram, send):
        """The session packet a relayed FRAME carries, or None; a CHALLENGE is answered at once
        through send (to the relay, the way this viewer reaches it)."""
        decoded = decode(datagram, self.ticket, self.peer_frame)
        if decoded is None:
            return None
        kind, body = decoded
        if kind == "challenge":
            send(encode_response(self.ticket, self.key, body))
            self.challenges_answered += 1
            return None
        return body
