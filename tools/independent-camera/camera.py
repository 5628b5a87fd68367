"""A minimal p2pcam camera written from docs/PROTOCOL.md alone (see README.md): registers with the cloud,
keeps the registration alive, admits viewers by password and sends them an H.264 file as RTP."""

import argparse
import json
import select
import socket
import sys
import time
from collections import OrderedDict

import shared_wire  # noqa: F401
import cloud_wire
import relay
from session_packets import SessionCrypto, is_session_packet
from viewer import read_password  # the same rule: $P2PCAM_PASSWORD or --password-file

import annexb
import camera_wire
from identity import Identity
from registration import Registration
from responder import ADMITTED, Refused, Responder, Unreadable, encode_welcome, new_session_id
from rtp_sender import RtpSender
from viewer_session import RELAY, ViewerSession

FORWARDS_REMEMBERED = 64
FORCED_KEYFRAME_SPACING = 0.25
MAX_PASSWORD_BYTES = 128


def emit(record):
    print(json.dumps(record), flush=True)


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


class VideoFile:
    """The file's pictures in a loop at a fixed rate; `jump_to_keyframe` moves on to the next IDR."""

    def __init__(self, path, fps):
        with open(path, "rb") as f:
            self.units, sps = annexb.access_units(f.read())
        if not self.units or not self.units[0].keyframe or sps is None:
            raise SystemExit(f"{path}: an Annex-B H.264 file starting with SPS, PPS and an IDR picture is needed")
        self.width, self.height = annexb.picture_size(sps)
        self.fps = fps
        self.index = 0

    def jump_to_keyframe(self):
        for step in range(len(self.units)):
            i = (self.index + step) % len(self.units)
            if self.units[i].keyframe:
                self.index = i
                return

    def next(self):
        unit = self.units[self.index]
        self.index = (self.index + 1) % len(self.units)
        return unit


class Camera:
    def __init__(self, args, password):
        self.cloud = (args.cloud.rsplit(":", 1)[0].strip("[]"), int(args.cloud.rsplit(":", 1)[1]))
        family = socket.AF_INET6 if ":" in self.cloud[0] else socket.AF_INET
        self.family = 6 if family == socket.AF_INET6 else 4
        self.sock = socket.socket(family, socket.SOCK_DGRAM)
        self.sock.bind((args.bind, 0))
        self.sock.setblocking(False)  # select() waits; reads drain what arrived
        self.identity = Identity.load_or_create(args.key_file)
        self.video = VideoFile(args.video, args.fps)
        self.rtp = RtpSender()
        self.max_viewers = args.max_viewers
        self.direct = args.direct == "open"
        self.responder = Responder(self.identity, password, time.time())
        self.local = [(cloud_wire.LOCAL, self._local_ip(), self.sock.getsockname()[1])]
        self.registration = Registration(self.identity, self.local, emit)
        self.forwards = OrderedDict()  # forward ID → the CONNECT_ANSWER sent (§4.7 de-duplication)
        self.sessions = {}  # camera session ID → ViewerSession
        self.last_forced_keyframe = -1.0
        self.frame_interval = 1.0 / args.fps
        self.next_frame_at = time.monotonic()

    def _local_ip(self):
        bound = self.sock.getsockname()[0]
        if bound not in ("0.0.0.0", "::"):
            return bound
        probe = socket.socket(self.sock.family, socket.SOCK_DGRAM)
        try:
            probe.connect(self.cloud)  # the interface the route to the cloud leaves from
            return probe.getsockname()[0]
        finally:
            probe.close()

    def run(self, seconds):
        now = time.monotonic()
        end = now + seconds if seconds else None
        self.registration.start(now)
        while end is None or now < end:
            self._flush()
            wake = min(self._deadlines(now))
            ready, _, _ = select.select([self.sock], [], [], max(0.0, wake - time.monotonic()))
            now = time.monotonic()
            for _ in range(64 if ready else 0):
                try:
                    data, source = self.sock.recvfrom(2048)
                except (BlockingIOError, ConnectionRefusedError):
                    break
                self._on_datagram(data, source[:2], now)
            self._on_timers(now)

    def _deadlines(self, now):
        yield now + 0.05
        yield self.next_frame_at
        if self.registration.deadline is not None:
            yield self.registration.deadline

    def _flush(self):
        for datagram in self.registration.outbox:
            self._send(datagram, self.cloud)
        self.registration.outbox.clear()
        for session in self.sessions.values():
            for datagram, address in session.outbox:
                self._send(datagram, address)
            session.outbox.clear()

    def _send(self, datagram, address):
        try:
            self.sock.sendto(datagram, address)
        except OSError as e:  # a full buffer or an ICMP error: lost, as UDP may lose it anyway
            log("send to", address, "failed:", e)

    def _on_datagram(self, data, source, now):
        if source == self.cloud and relay.is_relay_datagram(data):
            self._on_relayed(data, now)
            return
        if not self.direct and source != self.cloud:
            return  # --direct blocked: as behind a firewall that passes only the cloud
        if is_session_packet(data):
            receiver = int.from_bytes(data[2:6], "big")
            session = self.sessions.get(receiver)
            if session is not None:
                session.handle(data, source, now, self.rtp)
            return
        if source != self.cloud:
            return  # cloud messages only from the cloud we registered with
        try:
            kind, txn, fields = camera_wire.decode(data)
        except cloud_wire.WireError as e:
            log("dropped cloud datagram:", e)
            return
        forward = self.registration.on_message(kind, txn, fields, now)
        if forward is not None:
            self._on_forward(txn, forward, now)

    def _on_relayed(self, data, now):
        """A relay datagram (§7): a CHALLENGE is answered at once, a viewer's FRAME opened as from RELAY."""
        ticket = int.from_bytes(data[4:12], "big")
        for session in self.sessions.values():
            if session.relay is not None and session.relay.ticket == ticket:
                packet = session.relay.unwrap(data, lambda response: self._send(response, self.cloud))
                if packet is not None and is_session_packet(packet):
                    session.handle(packet, RELAY, now, self.rtp)
                return

    def _on_forward(self, forward_id, forward, now):
        if forward_id in self.forwards:
            self.registration.outbox.append(self.forwards[forward_id])  # the cloud lost our answer
            return
        accept, blob, session = self._admit(forward, now)
        answer = self.registration.answer(forward_id, accept, blob)
        if answer is None:
            return
        self.forwards[forward_id] = answer
        while len(self.forwards) > FORWARDS_REMEMBERED:
            self.forwards.popitem(last=False)
        self.registration.outbox.append(answer)
        if session is not None:
            self.sessions[session.crypto.own_session_id] = session

    def _admit(self, forward, now):
        """(accept, blob, session or None) for one first message (§10.1 "Camera reactions")."""
        blob, wall = forward["handshake"], time.time()
        source_ip = forward["candidates"][0][1] if forward["candidates"] else "0.0.0.0"
        try:
            self.responder.check_envelope(blob, source_ip, wall)
            state, re, rs, hello = self.responder.read_message1(blob, wall)
        except Refused as e:
            emit({"event": "handshake refused", "reason": str(e)})
            return False, e.blob, None
        except Unreadable as e:
            emit({"event": "handshake failed", "reason": str(e)})
            return False, b"", None
        live = sum(1 for s in self.sessions.values() if not s.closed)
        verdict = self.responder.verdict(hello, live, self.max_viewers, source_ip, wall)
        if verdict != ADMITTED:
            welcome = encode_welcome(verdict, 0, (0, 0, 0), 0, [], [])
            message2, _, _ = Responder.write_message2(state, re, rs, welcome)
            emit({"event": "viewer refused", "verdict": verdict, "name": hello["name"]})
            return False, message2, None
        session_id = new_session_id()
        while session_id in self.sessions:
            session_id = new_session_id()
        size = (self.video.width, self.video.height, self.video.fps)
        welcome = encode_welcome(ADMITTED, session_id, size, forward["relay_ticket"], self.local,
                                 [(0, *size)])
        message2, send_key, receive_key = Responder.write_message2(state, re, rs, welcome)
        crypto = SessionCrypto(send_key, receive_key, hello["session_id"], session_id)
        grant = None
        if forward["relay_ticket"]:  # the camera's frames go to the node that sent the forward (§4.9)
            grant = relay.RelayGrant(forward["relay_ticket"], forward["relay_key"], self.cloud,
                                     own_frame=relay.FRAME_FROM_CAMERA, peer_frame=relay.FRAME_FROM_VIEWER)
        session = ViewerSession(crypto, hello["name"], forward["candidates"], hello["candidates"], self.family, now,
                                relay=grant, direct=self.direct)
        emit({"event": "viewer admitted", "name": hello["name"], "session": session_id})
        return True, message2, session

    def _on_timers(self, now):
        self.registration.on_timer(now)
        for session_id, session in list(self.sessions.items()):
            session.on_timer(now, self.rtp)
            if session.closed:
                self._flush()
                emit({"event": "viewer left", "name": session.name, "reason": session.closed,
                      "path": session.path_kind, "relay_granted": session.relay is not None,
                      "relay_challenges_answered": session.relay.challenges_answered if session.relay else 0,
                      **session.stats})
                del self.sessions[session_id]
        if now >= self.next_frame_at:
            self.next_frame_at = max(self.next_frame_at + self.frame_interval, now - self.frame_interval)
            self._send_picture(now)

    def _send_picture(self, now):
        waiting = [s for s in self.sessions.values() if s.path is not None and s.wants_keyframe]
        if waiting and now - self.last_forced_keyframe >= FORCED_KEYFRAME_SPACING:
            self.video.jump_to_keyframe()  # keyframes on demand: the next IDR in the file
            self.last_forced_keyframe = now
        unit = self.video.next()
        watching = [s for s in self.sessions.values() if s.path is not None]
        if not watching:
            return
        first_sequence = self.rtp.sequence
        packets = self.rtp.packetize(unit, time.time_ns() // 1000)
        for session in watching:
            session.send_media(packets, unit.keyframe, first_sequence, now)


def main():
    parser = argparse.ArgumentParser(description="A p2pcam camera written from docs/PROTOCOL.md alone.")
    parser.add_argument("--cloud", required=True, help="HOST:PORT of the cloud (UDP)")
    parser.add_argument("--video", required=True, help="an H.264 Annex-B file, played in a loop")
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--key-file", help="keeps the camera's identity (made on first use, owner-only)")
    parser.add_argument("--password-file", help="the viewers' password (else $P2PCAM_PASSWORD)")
    parser.add_argument("--bind", default="0.0.0.0", help="local address of the camera's one socket")
    parser.add_argument("--max-viewers", type=int, default=4)
    parser.add_argument("--direct", choices=("open", "blocked"), default="open",
                        help="experiments: blocked = as behind a firewall passing only the cloud, so the relay is the only path")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: run until killed)")
    args = parser.parse_args()
    password = read_password(args)
    if not password or len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise SystemExit("a password of 1 to 128 UTF-8 bytes is needed (§10.1: a longer one can never be sent)")
    camera = Camera(args, password)
    emit({"event": "started", "camera": camera.identity.text, "width": camera.video.width,
          "height": camera.video.height, "fps": args.fps, "pictures": len(camera.video.units)})
    try:
        camera.run(args.seconds)
    except KeyboardInterrupt:
        pass
    emit({"event": "stopped", "registrations": camera.registration.registrations,
          "resumptions": camera.registration.resumptions})


if __name__ == "__main__":
    main()
