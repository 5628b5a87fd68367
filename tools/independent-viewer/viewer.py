#!/usr/bin/env python3
"""A minimal p2pcam viewer written from docs/PROTOCOL.md alone (see README.md): looks a camera up
at a cloud, connects with its password, punches a direct UDP path, and writes the camera's H.264
as an Annex-B file. Prints one JSON line of results on stdout; progress goes to stderr.

The password comes from P2PCAM_PASSWORD or --password-file, never the command line."""

import argparse
import hmac
import hashlib
import json
import os
import secrets
import select
import socket
import struct
import sys
import time

import camera_id
import cloud_link
import cloud_wire
import media
import relay
import session_packets as sp
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from handshake import STREAM_NAMES, HandshakeError, ViewerHandshake, encode_viewer_hello
from video_receiver import VideoReceiver

PROBE_PACING = 0.05
KEEPALIVE_IDLE = 1.0
SELECT_STREAM_INTERVAL = 1.0
REPORT_INTERVAL = 0.5
PUNCH_TIMEOUT = 10.0
SILENCE_TIMEOUT = 5.0
MAX_PEER_CANDIDATES = 32
VIEWER_FOLLOWS_AFTER = 1.0
RELAY_PROBING_STARTS = 1.0  # §10.3: without a path 1 s after its own start, a side probes the relay
RELAY_PROBE_INTERVAL = 0.25
BACKGROUND_SEARCH_FAST, BACKGROUND_SEARCH_FAST_FOR, BACKGROUND_SEARCH_SLOW = 0.25, 10.0, 2.0
RELAY = ("relay", 0)  # the relay as one more path (§7 Peers): what `path` and `source` hold for it


def log(*parts):
    print("[independent-viewer]", *parts, file=sys.stderr, flush=True)


def retransmit_waits():
    """§4.6 RetransmitSchedule.REQUEST: 500 ms, 1 s, 2 s, then every 2 s, each x(1 ± 0.1)."""
    k = 0
    while True:
        yield max(0.001, min(2.0, 0.5 * 2**k) * (1 + 0.1 * (2 * secrets.randbelow(1000) / 1000 - 1)))
        k += 1


class Failure(Exception):
    pass


class Viewer:
    def __init__(self, args, password):
        self.args, self.password = args, password
        self.camera_id = camera_id.parse(args.camera)
        host, _, port = args.cloud.rpartition(":")
        family, _, _, _, self.cloud = socket.getaddrinfo(host or args.cloud, int(port or 32100), type=socket.SOCK_DGRAM)[0]
        self.sock = self._open_socket(family)
        self.link = cloud_link.CloudLink(self.cloud[:2], args.tcp_port, args.cloud_udp == "blocked", log)
        self.family = 4 if family == socket.AF_INET else 6
        self.local_candidate = (cloud_wire.LOCAL, self._local_address(family), self.sock.getsockname()[1])

    @staticmethod
    def _open_socket(family):
        sock = socket.socket(family, socket.SOCK_DGRAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        sock.bind(("0.0.0.0" if family == socket.AF_INET else "::", 0))
        return sock

    def rebind(self):
        """--rebind-after: as a NAT that gives the viewer a new mapping, it goes on from a new port."""
        old, self.sock = self.sock, self._open_socket(self.sock.family)
        old.close()
        log(f"rebound to port {self.sock.getsockname()[1]}")

    def _local_address(self, family):
        probe = socket.socket(family, socket.SOCK_DGRAM)
        try:
            probe.connect(self.cloud)
            return probe.getsockname()[0]
        finally:
            probe.close()

    # ---- the cloud (§5.4): one request, retransmitted until its answer or the deadline ----

    def ask_cloud(self, build, expected_type, deadline, what):
        transaction = secrets.randbits(64)
        datagram = build(transaction)
        waits, next_send = retransmit_waits(), 0.0
        while True:
            now = time.monotonic()
            if now >= deadline:
                raise Failure(f"TimedOut({what})")
            if self.link.should_move_to_tcp(now) and self.link.move_to_tcp(max(0.1, deadline - now)):
                next_send = now  # §3.1: the outstanding request goes again on the new path at once
            if now >= next_send:
                self.link.send(self.sock, datagram, request=True)
                next_send = now + next(waits)
            for data, _ in self.receive(max(0.0, min(next_send, deadline, now + 0.1) - now)):
                if data[:1] != b"P":
                    continue  # session packets before we have keys are dropped (§10.3)
                answer = self._answer(data, transaction, expected_type)
                if answer is not None:
                    return answer

    def _answer(self, data, transaction, expected_type):
        """The fields of the answer to this request, or None for anything else."""
        try:
            message_type, txn, fields = cloud_wire.decode(data)
        except cloud_wire.WireError as e:
            log("dropped cloud datagram:", e)
            return None
        if txn != transaction:
            return None
        if message_type == cloud_wire.ERROR and fields["name"] == "RATE_LIMITED":
            raise Failure("RateLimited")
        return fields if message_type == expected_type else None

    def receive(self, timeout):
        """What arrived within timeout: (datagram, source) over UDP, and the cloud's over TCP."""
        ready, _, _ = select.select(self.link.sockets(self.sock), [], [], timeout)
        arrived = []
        for sock in ready:
            if sock is self.sock:
                data, source = self.sock.recvfrom(2048)
                if self.link.accept_udp(source[:2]):
                    arrived.append((data, source[:2]))
            elif self.link.tcp is not None:
                arrived.extend((data, self.cloud[:2]) for data in self.link.read_tcp())
        return arrived

    def send_to_relay(self, datagram):
        """§7: relay datagrams go to the cloud the way everything else goes (UDP or TCP); to a relay node over UDP."""
        if self.relay.address == self.cloud[:2]:
            self.link.send(self.sock, datagram)
        else:
            self.sock.sendto(datagram, self.relay.address)

    def connect(self):
        deadline = time.monotonic() + self.args.connect_timeout
        found = self.ask_cloud(lambda t: cloud_wire.encode_lookup(t, self.camera_id), cloud_wire.LOOKUP_RESULT, deadline, "lookup")
        if not found["found"]:
            raise Failure("Unavailable (lookup)")
        key = found["key"]
        if not camera_id.key_matches(self.camera_id, key):
            raise Failure("KeyMismatch: the cloud's key does not hash to the camera ID")
        log("key matches", camera_id.to_text(self.camera_id))
        self.own_session_id = secrets.randbits(32) or 1
        handshake = ViewerHandshake(self.camera_id, key, load_static_key(self.args.key_file))
        hello = encode_viewer_hello(self.own_session_id, bool(self.args.key_file), [self.local_candidate], self.password, self.args.name)
        envelope = handshake.write_envelope(hello)
        cloud_pass = load_cloud_pass(self.args.key_file)
        self.presented_pass = cloud_pass is not None
        result = self.ask_cloud(
            lambda t: cloud_wire.encode_connect_request(t, self.camera_id, [self.local_candidate], envelope, cloud_pass,
                                                        cloud_wire.CONNECT_REQUEST_FOR_A_GRANT),
            cloud_wire.CONNECT_RESULT, deadline, "connect")
        status = {0: "ACCEPTED", 1: "REJECTED", 2: "UNAVAILABLE"}[result["status"]]
        if status == "UNAVAILABLE":
            raise Failure("Unavailable (connect)")
        try:
            welcome, send_key, receive_key = handshake.read_answer(result["handshake"])
        except HandshakeError as e:
            raise Failure(f"{status}: {e}") from e
        if welcome["verdict"] != "ADMITTED" or status != "ACCEPTED":
            raise Failure(f"{status}: camera says {welcome['verdict']}")
        if "pass_id" in welcome and self.args.key_file:
            save_cloud_pass(self.args.key_file, welcome["pass_id"], welcome["pass_key"])
        if welcome["relay_ticket"] != result["relay_ticket"]:
            raise Failure("HANDSHAKE_FAILED: the result's relay ticket differs from the welcome's")
        log(f"admitted: {welcome['width']}x{welcome['height']} @ {welcome['fps']} fps, session {welcome['session_id']:08x}, "
            f"paired {welcome['paired']}, cloud pass {'pass_id' in welcome}, streams {welcome['streams'] or 'not listed'}")
        # §10.9: a camera whose welcome lists its streams without a sub-stream is sent no SELECT_STREAM
        # for one; the viewer asks for the main stream in its place. (A camera that lists nothing is
        # older than the list: it is asked, and ignores an ask for a stream it does not have.)
        self.stream = self.args.stream
        if self.stream == 1 and welcome["streams"] and "sub" not in welcome["streams"]:
            self.stream = 0
            log("the camera lists no sub-stream: --stream 1 asks for the main stream in its place (§10.9)")
        # Candidates are bound (§10.1): the cloud's REFLEXIVE first entry, then the welcome's.
        peer = [c for c in result["candidates"][:1] if c[0] == cloud_wire.REFLEXIVE] + welcome["candidates"]
        peer = [c for c in peer if (":" in c[1]) == (self.family == 6)]
        peer.sort(key=lambda c: 0 if c[0] == cloud_wire.LOCAL else 1)
        self.relay = None
        if result["relay_ticket"]:
            relay_address = self.cloud
            if result["relay_node"]:
                relay_address = socket.getaddrinfo(*result["relay_node"], type=socket.SOCK_DGRAM)[0][4]
            self.relay = relay.RelayGrant(result["relay_ticket"], result["relay_key"], relay_address[:2])
            log(f"relay grant: ticket {result['relay_ticket']:016x} at {relay_address[0]}:{relay_address[1]}")
        self.crypto = sp.SessionCrypto(send_key, receive_key, welcome["session_id"], self.own_session_id)
        self.welcome = welcome
        return [(c[1], c[2]) for c in peer]

    # ---- the session (§10.2, §10.3, §10.6) ----

    def run_session(self, candidates, out_file):
        self.probe_secret = secrets.token_bytes(32)
        # --direct blocked: as behind a firewall that passes only the cloud, the viewer neither probes
        # the camera's candidates nor takes anything from the camera's own addresses (§7, §10.3),
        # until --unblock-direct-after seconds, if given.
        peer_candidates = list(dict.fromkeys(candidates))
        self.candidates = [] if self.args.direct == "blocked" else peer_candidates
        receiver = VideoReceiver(out_file, secrets.randbits(32))
        start = time.monotonic()
        direct_blocked_until = start + (self.args.unblock_direct_after or float("inf")) if self.args.direct == "blocked" else start
        rebind_at = start + self.args.rebind_after if self.args.rebind_after else float("inf")
        frames_at_rebind = None
        path, last_from_path, last_sent_on_path = None, start, 0.0
        next_probe, probe_index = start, 0
        # §10.3: a viewer on TCP to the node that brokered the session probes the relay from its start.
        relay_at_once = self.relay and self.link.tcp and self.relay.address == self.cloud[:2]
        next_relay_probe = start + (0.0 if relay_at_once else RELAY_PROBING_STARTS)
        next_background, relay_since, inbox = 0.0, None, []
        validations = {}  # address -> when its validating PROBE went
        next_select = next_report = 0.0
        selected_at = path_fixed_at = None
        last_sr = None  # (middle 32 bits of its NTP time, when it arrived)
        stats = {"audio_packets": 0, "video_packets": 0, "rtt_ms": None, "max_rtp_bytes": 0}
        end = start + self.args.seconds

        selections_sent = {"main": 0, "sub": 0}

        def send(kind, body, to):
            nonlocal last_sent_on_path
            if kind == sp.SELECT_STREAM:
                selections_sent[STREAM_NAMES[body[0]]] += 1
            packet = self.crypto.seal(kind, body)
            if to == RELAY:
                self.send_to_relay(self.relay.wrap(packet))
            else:
                self.sock.sendto(packet, to)
            if to == path:
                last_sent_on_path = time.monotonic()

        while True:
            now = time.monotonic()
            # The camera answers a SELECT_STREAM with the stream itself, not a word (§10.9): a second
            # after asking, what arrives is what was asked for (a switch restarts the count and file).
            settled = self.stream == 0 or (selected_at is not None and now - selected_at >= 1.0)
            if (receiver.assembler.frames >= self.args.frames and settled) or now >= end:
                break
            if direct_blocked_until <= now and not self.candidates:
                self.candidates = peer_candidates
            if now >= rebind_at:
                self.rebind()
                rebind_at, frames_at_rebind = float("inf"), receiver.assembler.frames
            if path is None and now - start >= PUNCH_TIMEOUT:
                raise Failure("PUNCH_FAILED")
            if path is not None and now - last_from_path >= SILENCE_TIMEOUT:
                send(sp.BYE, b"", path)
                raise Failure("CONNECTION_LOST (PEER_SILENT)")
            if path is None and now >= next_probe and self.candidates:
                target = self.candidates[probe_index % len(self.candidates)]
                probe_index += 1
                send(sp.PROBE, self.probe_token(target), target)
                next_probe = now + PROBE_PACING
            if self.relay and path is None and now >= next_relay_probe:
                send(sp.PROBE, self.probe_token(RELAY), RELAY)
                next_relay_probe = now + RELAY_PROBE_INTERVAL
            if path == RELAY and self.candidates and now >= next_background:
                # §10.3 upgrade: on the relay, one direct candidate in turn per tick, 250 ms for 10 s, then 2 s.
                target = self.candidates[probe_index % len(self.candidates)]
                probe_index += 1
                send(sp.PROBE, self.probe_token(target), target)
                fast = now - relay_since < BACKGROUND_SEARCH_FAST_FOR
                next_background = now + (BACKGROUND_SEARCH_FAST if fast else BACKGROUND_SEARCH_SLOW)
            if path is not None and self.args.feedback == "full":
                wanted = self.stream if now - path_fixed_at >= self.args.switch_after else 0
                if now >= next_select or (wanted and selected_at is None):
                    send(sp.SELECT_STREAM, bytes([wanted]), path)
                    next_select = now + SELECT_STREAM_INTERVAL
                    selected_at = now if wanted and selected_at is None else selected_at
                if receiver.ssrc is not None and now >= next_report:
                    lsr, dlsr = (0, 0) if last_sr is None else (last_sr[0], int((now - last_sr[1]) * 65536))
                    report = receiver.receiver_report(lsr, dlsr)
                    send(sp.MEDIA_FEEDBACK, report + media.receiver_reference_time(receiver.own_ssrc, time.time()), path)
                    next_report = now + REPORT_INTERVAL
                receiver.on_timer(now)
                for feedback in receiver.feedback:
                    send(sp.MEDIA_FEEDBACK, feedback, path)
                receiver.feedback.clear()
            if path is not None and self.args.feedback != "none":
                if now - last_sent_on_path >= KEEPALIVE_IDLE:
                    send(sp.KEEPALIVE, b"", path)
            timeout = 0.01 if path is not None or self.relay else max(0.0, min(next_probe, start + PUNCH_TIMEOUT) - now)
            if not inbox:
                inbox.extend(self.receive(min(timeout, 0.05)))
                if not inbox:
                    continue
            data, source = inbox.pop(0)
            if self.relay and source == self.relay.address and relay.is_relay_datagram(data):
                data = self.relay.unwrap(data, self.send_to_relay)  # a CHALLENGE is answered in there
                if data is None:
                    continue
                source = RELAY
            elif now < direct_blocked_until:
                continue
            if not sp.is_session_packet(data):
                continue
            opened = self.crypto.open(data)
            if opened is None:
                continue
            kind, body = opened
            now = time.monotonic()
            if source == path:
                last_from_path = now
            elif kind not in (sp.PROBE, sp.PROBE_ACK) and (path in (None, RELAY) or now - last_from_path >= VIEWER_FOLLOWS_AFTER):
                # §10.3: authentic data from elsewhere starts a validation; the viewer, on a direct
                # path, only once its path was quiet 1 s; on the relay at once. The path moves when the PROBE_ACK comes.
                if now - validations.get(source, -1.0) >= PROBE_PACING:
                    validations[source] = now
                    send(sp.PROBE, self.probe_token(source), source)
            if kind == sp.PROBE:
                send(sp.PROBE_ACK, body, source)
                if path is None and source != RELAY and source not in self.candidates and len(self.candidates) < MAX_PEER_CANDIDATES:
                    self.candidates.append(source)  # peer-reflexive
                    send(sp.PROBE, self.probe_token(source), source)
            elif kind == sp.PROBE_ACK:
                first = path is None and (source in self.candidates or source == RELAY)
                upgrade = path == RELAY and source in self.candidates
                if (first or upgrade or source in validations) and hmac.compare_digest(body, self.probe_token(source)):
                    log(f"path {'fixed' if first else 'moved'}: {describe(source)} after {1000 * (now - start):.0f} ms")
                    path, last_from_path = source, now
                    relay_since = now if path == RELAY else None
                    stats["paths"] = stats.get("paths", []) + [describe(path)]
                    validations.clear()
                    send(sp.KEEPALIVE, b"", path)
                    path_fixed_at = now
                    if self.args.feedback == "full" and self.args.switch_after == 0:
                        send(sp.SELECT_STREAM, bytes([self.stream]), path)
                        selected_at = now
                    next_select = now + SELECT_STREAM_INTERVAL
            elif kind in (sp.MEDIA, sp.MEDIA_RETRANSMISSION):
                if kind == sp.MEDIA and secrets.randbelow(10_000) < self.args.simulate_loss * 10_000:
                    stats["simulated_losses"] = stats.get("simulated_losses", 0) + 1
                    continue
                packet = media.RtpPacket.parse(body)
                if packet is None:
                    continue
                stats["max_rtp_bytes"] = max(stats["max_rtp_bytes"], len(body))
                if packet.payload_type == media.VIDEO_PAYLOAD_TYPE:
                    if stats["video_packets"] == 0:
                        stats["first_packet_opens_keyframe"] = media.opens_keyframe(packet.payload)
                        stats["video_capture_age_ms"] = media.capture_clock_offset_ms(packet.timestamp, 90_000, time.time())
                    stats["video_packets"] += 1
                    receiver.on_rtp(packet, kind == sp.MEDIA_RETRANSMISSION, now)
                elif packet.payload_type == media.AUDIO_PAYLOAD_TYPE:
                    if stats["audio_packets"] == 0:
                        stats["audio_capture_age_ms"] = media.capture_clock_offset_ms(packet.timestamp, 48_000, time.time())
                    stats["audio_packets"] += 1
            elif kind == sp.MEDIA_FEEDBACK:
                for packet_type, _, rtcp in media.parse_compound(body):
                    if packet_type == media.RTCP_SR and len(rtcp) >= 12:
                        msw, lsw = struct.unpack_from(">II", rtcp, 4)
                        last_sr = (((msw & 0xFFFF) << 16) | (lsw >> 16), now)
                    elif packet_type == media.RTCP_XR:
                        stats["rtt_ms"] = dlrr_rtt_ms(rtcp, receiver.own_ssrc, time.time()) or stats["rtt_ms"]
            elif kind == sp.BYE:
                raise Failure("CONNECTION_LOST (camera said BYE)")
        if path is not None:
            send(sp.BYE, b"", path)
        assembler = receiver.assembler
        return {
            "frames": assembler.frames, "keyframes": assembler.keyframes, "dropped_units": assembler.dropped_units,
            "idr_without_parameter_sets": assembler.idr_without_parameter_sets,
            "stream_switches": receiver.stream_switches, "stream_asked": STREAM_NAMES[self.stream],
            "selections_sent": selections_sent,
            "switches_opened_at_keyframe": all(receiver.switch_openers.values()), "given_up_packets": receiver.given_up, "retransmissions": receiver.retransmitted,
            "path": describe(path) if path else None, "dropped_session_packets": self.crypto.dropped,
            "relay_granted": self.relay is not None, "cloud_transport": self.link.transport,
            "frames_after_rebind": None if frames_at_rebind is None else assembler.frames - frames_at_rebind,
            "relay_challenges_answered": self.relay.challenges_answered if self.relay else 0,
            "key_phase": self.crypto.phase, "seconds_live": round(time.monotonic() - start, 1),
            "paired": self.welcome["paired"], "cloud_pass_presented": self.presented_pass,
            "width": self.welcome["width"], "height": self.welcome["height"],
            "listed_streams": {name: f"{w}x{h}@{fps}" for name, (w, h, fps) in self.welcome["streams"].items()}, **stats,
        }

    def probe_token(self, target):
        """§10.3 path validation: HMAC(secret, destination IP ‖ port ‖ local socket index)[:8]."""
        if target == RELAY:
            target = self.relay.address  # a relayed PROBE's destination is the relay's address
        ip = socket.inet_pton(socket.AF_INET6 if ":" in target[0] else socket.AF_INET, target[0])
        return hmac.new(self.probe_secret, ip + struct.pack(">HI", target[1], 0), hashlib.sha256).digest()[:8]


def describe(path):
    return "relay" if path == RELAY else f"{path[0]}:{path[1]}"


def dlrr_rtt_ms(xr, own_ssrc, unix_now):
    """RTT = A − LRR − DLRR from a DLRR block (RFC 3611 §4.5) about our reference time."""
    offset = 4
    while offset + 4 <= len(xr):
        block_type, _, words = struct.unpack_from(">BBH", xr, offset)
        body, offset = xr[offset + 4 : offset + 4 + 4 * words], offset + 4 + 4 * words
        if block_type != 5:
            continue
        for i in range(0, len(body) - 11, 12):
            ssrc, lrr, dlrr = struct.unpack_from(">III", body, i)
            if ssrc == own_ssrc and lrr:
                msw, lsw = media.ntp_timestamp(unix_now)
                arrival = ((msw & 0xFFFF) << 16) | (lsw >> 16)
                return round(((arrival - lrr - dlrr) & 0xFFFFFFFF) / 65.536, 1)
    return None


def load_static_key(path):
    """The viewer's static X25519 key, kept owner-only in PATH (made on first use): what a camera pairs with."""
    if not path:
        return None
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(X25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))
    with open(path, "rb") as f:
        return X25519PrivateKey.from_private_bytes(f.read())


def load_cloud_pass(key_file):
    """The cloud pass (id, key) of the camera's last welcome, kept owner-only beside the static key."""
    if not key_file or not os.path.exists(key_file + ".pass"):
        return None
    with open(key_file + ".pass", "rb") as f:
        data = f.read()
    return struct.unpack(">Q", data[:8])[0], data[8:24]


def save_cloud_pass(key_file, pass_id, pass_key):
    fd = os.open(key_file + ".pass", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(struct.pack(">Q", pass_id) + pass_key)


def read_password(args):
    if args.password_file:
        with open(args.password_file, encoding="utf-8") as f:
            return f.read().strip("\r\n")
    return os.environ.get("P2PCAM_PASSWORD", "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cloud", required=True, help="HOST:PORT of the cloud (UDP)")
    parser.add_argument("--camera", required=True, help="the camera ID, e.g. 01234-56789-ABCDE-FGHJK-MNPQR")
    parser.add_argument("--out", required=True, help="Annex-B H.264 file to write")
    parser.add_argument("--password-file", help="file holding the camera's password (else $P2PCAM_PASSWORD)")
    parser.add_argument("--frames", type=int, default=60, help="stop after this many intact frames")
    parser.add_argument("--seconds", type=float, default=20.0, help="stop after this long live at most")
    parser.add_argument("--connect-timeout", type=float, default=10.0)
    parser.add_argument("--name", default="independent viewer")
    parser.add_argument("--stream", type=int, choices=[0, 1], default=0,
                        help="ask for the main stream (0) or the sub-stream (1) with SELECT_STREAM (§10.9); "
                             "a camera that lists its streams without a sub-stream is asked for the main stream")
    parser.add_argument("--switch-after", type=float, default=0.0,
                        help="ask for the main stream until this long after the path is fixed, then for --stream")
    parser.add_argument("--key-file", help="keep the viewer's static key here and ask the camera to pair with it")
    parser.add_argument("--feedback", choices=["full", "keepalive-only", "none"], default="full",
                        help="experiments: send RR/XR/NACK/PLI/SELECT_STREAM (full), only KEEPALIVEs, or nothing")
    parser.add_argument("--direct", choices=["allowed", "blocked"], default="allowed",
                        help="experiments: blocked = as behind a firewall passing only the cloud, so the relay (§7) is the only path")
    parser.add_argument("--unblock-direct-after", type=float, default=0.0,
                        help="experiments: with --direct blocked, let direct packets through this long after the session starts")
    parser.add_argument("--rebind-after", type=float, default=0.0,
                        help="experiments: this long after the session starts, go on from a new socket (a NAT rebinding)")
    parser.add_argument("--tcp-port", type=int, help="the cloud's TCP port when it is not the UDP port's number (§3.1)")
    parser.add_argument("--cloud-udp", choices=["allowed", "blocked"], default="allowed",
                        help="experiments: blocked = as behind a firewall that drops UDP to and from the cloud (§3.1: TCP)")
    parser.add_argument("--simulate-loss", type=float, default=0.0, help="experiments: drop this fraction of MEDIA")
    args = parser.parse_args()
    try:
        viewer = Viewer(args, read_password(args))
        candidates = viewer.connect()
        with open(args.out, "wb") as out:
            result = viewer.run_session(candidates, out)
    except (Failure, camera_id.CameraIdError) as e:
        print(json.dumps({"error": str(e)}), flush=True)
        return 1
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
