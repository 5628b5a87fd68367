"""The camera's registration with one cloud node (PROTOCOL.md §4.7), as a state machine without I/O:
feed it what the cloud sent and the time, take what it wants sent (`outbox`), wake it at `deadline`.
Resumption tickets (§4.8) and the cloud pass key (§4.8, §5.3) are opened here too."""

import hashlib
import hmac
import random
import secrets

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

import camera_wire as wire

HELLO_SENT, REGISTER_SENT, REGISTERED, BACKING_OFF = "HELLO_SENT", "REGISTER_SENT", "REGISTERED", "BACKING_OFF"
REQUEST_TRIES = 4
KEEPALIVE_RETRIES = 3
NAT_KEEPALIVE_CAP_MS = 8000
SEAL_LABEL = b"p2pcam resume seal v1\0"
RENEW_LABEL = b"p2pcam resume renew v1\0"
PASS_SEAL_LABEL = b"p2pcam pass seal v1\0"


def request_wait(k):
    """§4.6 RetransmitSchedule.REQUEST: 500 ms, 1 s, 2 s, then every 2 s, each ×(1 ± 0.1); seconds."""
    return max(1, round(min(2000, 500 * 2 ** k) * (1 + 0.1 * (2 * random.random() - 1)))) / 1000


def reregister_wait(failures):
    """§4.6 RetransmitSchedule.REREGISTER: 1 s, 2 s, 4 s, then every 4 s, each ×(1 ± 0.2); seconds."""
    return max(1, round(min(4000, 1000 * 2 ** min(failures, 3)) * (1 + 0.2 * (2 * random.random() - 1)))) / 1000


def keepalive_wait(keepalive_ms):
    return max(1000, min(keepalive_ms, NAT_KEEPALIVE_CAP_MS)) / 1000


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


class Registration:
    def __init__(self, identity, local_candidates, events):
        self.identity = identity
        self.local_candidates = local_candidates
        self.events = events  # callable(dict): what the camera reports
        self.outbox = []
        self.state = None
        self.txn = None
        self.request = None  # the bytes of the outstanding request, resent unchanged
        self.transmissions = 0
        self.deadline = None
        self.cookie = None
        self.token = None
        self.failures = 0
        self.ticket = self.ticket_secret = None
        self.resumed = False  # the outstanding REGISTER_SENT request is a RESUME
        self.pass_key = None
        self.keepalive_outstanding = False
        self.relays = False
        self.reflexive = None
        self.registrations = self.resumptions = 0

    # ---- requests ----

    def start(self, now):
        self._send_hello(now)

    def _send(self, datagram, now):
        self.request = datagram
        self.transmissions = 1
        self.outbox.append(datagram)
        self.deadline = now + request_wait(0)

    def _send_hello(self, now):
        self.state, self.txn, self.token = HELLO_SENT, secrets.randbits(64), None
        self._send(wire.encode_hello(self.txn, self.identity.public_key), now)

    def _send_register(self, now):
        self.resumed = False
        self._send(wire.encode_register(self.txn, self.identity.public_key, self.cookie, self.local_candidates,
                                        self.identity.sign), now)

    def _back_off(self, now, reason):
        if self.state == REGISTERED:
            self.events({"event": "lost", "reason": reason})
        if self.state == REGISTER_SENT and self.resumed and reason == "unanswered":
            self.ticket = self.ticket_secret = None  # §4.7: an unanswered RESUME forgets the ticket
        self.state, self.token, self.request = BACKING_OFF, None, None
        self.deadline = now + reregister_wait(self.failures)
        self.failures += 1

    # ---- events ----

    def on_timer(self, now):
        if self.deadline is None or now < self.deadline:
            return
        if self.state == BACKING_OFF:
            self._send_hello(now)
        elif self.state in (HELLO_SENT, REGISTER_SENT):
            if self.transmissions < REQUEST_TRIES:
                self._retransmit(now)
            else:
                self._back_off(now, "unanswered")
        elif self.state == REGISTERED:
            if not self.keepalive_outstanding:
                self.txn, self.keepalive_outstanding = secrets.randbits(64), True
                self._send(wire.encode_keepalive(self.txn, self.identity.camera_id, self.token), now)
            elif self.transmissions <= KEEPALIVE_RETRIES:
                self._retransmit(now)
            else:
                self._back_off(now, "keepalives unanswered")

    def _retransmit(self, now):
        self.outbox.append(self.request)
        self.deadline = now + request_wait(self.transmissions)
        self.transmissions += 1

    def on_message(self, kind, txn, fields, now):
        """A decoded cloud message; returns a CONNECT_FORWARD's fields for the camera to answer, else None."""
        if kind == wire.CONNECT_FORWARD:
            return fields if self.state == REGISTERED else None
        if txn != self.txn or self.state == BACKING_OFF:
            return None  # §3.4: stale, duplicate or spoofed
        if kind == wire.ERROR:
            self._on_error(fields["code"], now)
        elif kind == wire.REGISTER_CHALLENGE and self.state == HELLO_SENT:
            self.cookie = fields["cookie"]
            self.state = REGISTER_SENT
            if self.ticket is not None:
                self.resumed = True
                self._send(wire.encode_resume(self.txn, self.identity.public_key, self.cookie, self.ticket,
                                              self.ticket_secret), now)
            else:
                self._send_register(now)
        elif kind == wire.REGISTERED and self.state == REGISTER_SENT:
            self._on_registered(fields, now)
        elif kind == wire.KEEPALIVE_ACK and self.state == REGISTERED and self.keepalive_outstanding:
            self.keepalive_outstanding, self.request = False, None
            self.deadline = now + keepalive_wait(fields["keepalive"])
        return None

    def _on_error(self, code, now):
        if code in (wire.NOT_REGISTERED, wire.CHALLENGE_EXPIRED):
            if self.state == REGISTERED:
                self.events({"event": "lost", "reason": "not registered"})
            self._send_hello(now)
        elif code == wire.RATE_LIMITED:
            self._back_off(now, "rate limited")
        elif code == wire.TICKET_REFUSED and self.state == REGISTER_SENT and self.resumed:
            self.ticket = self.ticket_secret = None
            self._send_register(now)  # same cookie, same transaction (§4.7)

    def _on_registered(self, fields, now):
        self._open_ticket(fields)
        self.token, self.relays, self.reflexive = fields["token"], fields["relays"], fields["reflexive"]
        self.state, self.failures, self.keepalive_outstanding, self.request = REGISTERED, 0, False, None
        self.deadline = now + keepalive_wait(fields["keepalive"])
        if self.resumed:
            self.resumptions += 1
        self.registrations += 1
        self.events({"event": "registered", "camera": self.identity.text, "resumed": self.resumed,
                     "reflexive": f"{fields['reflexive'][1]}:{fields['reflexive'][2]}", "relays": self.relays,
                     "ticket": self.ticket is not None, "pass_key": self.pass_key is not None})

    def _open_ticket(self, fields):
        """§4.8: the ticket's secret, sealed to our X25519 key (after REGISTER) or to the last secret (RESUME)."""
        ticket = fields["ticket"]
        if ticket is None:
            return
        ephemeral = fields["ephemeral"]
        if ephemeral == bytes(32):
            if self.ticket_secret is None:
                return
            pad = hmac.new(self.ticket_secret, RENEW_LABEL + ticket, hashlib.sha256).digest()
        else:
            shared = self.identity.static_key.exchange(X25519PublicKey.from_public_bytes(ephemeral))
            pad = hmac.new(shared, SEAL_LABEL + ephemeral + self.identity.static_public() + ticket,
                           hashlib.sha256).digest()
        self.ticket, self.ticket_secret = ticket, xor(fields["sealed"], pad)
        if fields["pass_key_sealed"] is not None:
            pass_pad = hmac.new(self.ticket_secret, PASS_SEAL_LABEL + ticket, hashlib.sha256).digest()[:16]
            self.pass_key = xor(fields["pass_key_sealed"], pass_pad)

    def answer(self, forward_id, accept, handshake):
        """CONNECT_ANSWER bytes with the current token, or None when the registration is lost (§4.7)."""
        if self.state != REGISTERED:
            return None
        return wire.encode_answer(forward_id, self.identity.camera_id, self.token, accept, handshake)
