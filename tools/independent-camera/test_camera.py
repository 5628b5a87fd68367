"""The camera's pieces against docs/PROTOCOL.md's examples and against the independent viewer's code
(python3 -m unittest test_camera). No sockets: the system test IndependentCameraToProbeTest runs the
camera against the real cloud and `probe`."""

import hashlib
import hmac
import struct
import unittest

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

import shared_wire  # noqa: F401
import cloud_wire
import handshake
import session_packets as sp
from session_packets import SessionCrypto

import annexb
import camera_wire
import registration as reg
import responder as rsp
import rtp_sender
from identity import Identity
from unpaired_budget import UnpairedBudget
import relay
from viewer_session import RELAY, ViewerSession

TXN = 0x0102030405060708
ID = bytes.fromhex("00112233445566778899aabbccddee")
TOKEN = bytes(range(16))
NOW = 1_796_428_800.5  # 2026-12-05T00:00:00.5Z, the TAI64N example of §10.1


class CloudMessages(unittest.TestCase):
    def test_keepalive_is_the_golden_hex_of_section_8(self):
        self.assertEqual(camera_wire.encode_keepalive(TXN, ID, TOKEN).hex(),
                         "504301050102030405060708" + ID.hex() + TOKEN.hex())

    def test_registered_challenge_and_ack_of_section_8_decode(self):
        registered = bytes.fromhex("504301040102030405060708" "0204cb0071079c40" + TOKEN.hex() + "00004e20" "0000fde8" "01")
        kind, txn, fields = camera_wire.decode(registered)
        self.assertEqual((kind, txn), (camera_wire.REGISTERED, TXN))
        self.assertEqual(fields["reflexive"], (cloud_wire.REFLEXIVE, "203.0.113.7", 40000))
        self.assertEqual((fields["token"], fields["keepalive"], fields["expiry"]), (TOKEN, 20000, 65000))
        self.assertTrue(fields["relays"])
        self.assertIsNone(fields["ticket"])
        challenge = bytes.fromhex("504301020102030405060708" "000102030405060708090a0b0c0d0e0f1011121314151617")
        self.assertEqual(camera_wire.decode(challenge)[2]["cookie"], bytes(range(24)))
        ack = bytes.fromhex("504301060102030405060708" "00004e20")
        self.assertEqual(camera_wire.decode(ack)[2]["keepalive"], 20000)

    def test_register_is_signed_over_the_context_string_and_its_own_bytes(self):
        identity = Identity.generate()
        cookie = bytes(range(24))
        datagram = camera_wire.encode_register(TXN, identity.public_key, cookie, [], identity.sign)
        self.assertEqual(len(datagram), 165)  # §3.10.3 with no candidates
        signed = bytes.fromhex("7032706361 6d20726567697374657220763100".replace(" ", "")) + datagram[:-64]
        identity.signing_key.public_key().verify(datagram[-64:], signed)  # raises when wrong

    def test_an_answer_carries_no_candidates_and_the_blob(self):
        answer = camera_wire.encode_answer(TXN, ID, TOKEN, True, b"\xaa\xbb")
        self.assertEqual(answer.hex(), "504301140102030405060708" + ID.hex() + TOKEN.hex() + "01" "00" "0002aabb")


class Tickets(unittest.TestCase):
    """§4.8 as the cloud computes it, then what the camera opens and proves with."""

    def test_the_camera_opens_the_sealed_secret_and_pass_key_and_resumes_with_them(self):
        identity = Identity.generate()
        registration = reg.Registration(identity, [], lambda event: None)
        registration.start(0.0)
        hello = registration.outbox.pop()
        txn = struct.unpack_from(">Q", hello, 4)[0]
        registration.on_message(camera_wire.REGISTER_CHALLENGE, txn, {"cookie": bytes(24)}, 0.1)
        self.assertEqual(registration.outbox.pop()[3], camera_wire.REGISTER)

        ticket, secret, pass_key = bytes(range(24)), bytes(range(32, 64)), bytes(range(100, 116))
        e = X25519PrivateKey.generate()
        ephemeral = handshake.raw_public(e)
        shared = e.exchange(X25519PublicKey.from_public_bytes(identity.static_public()))
        pad = hmac.new(shared, b"p2pcam resume seal v1\0" + ephemeral + identity.static_public() + ticket,
                       hashlib.sha256).digest()
        pass_pad = hmac.new(secret, b"p2pcam pass seal v1\0" + ticket, hashlib.sha256).digest()[:16]
        fields = {"reflexive": (2, "127.0.0.1", 5000), "token": TOKEN, "keepalive": 20000, "relays": False,
                  "ticket": ticket, "ephemeral": ephemeral, "sealed": reg.xor(secret, pad),
                  "pass_key_sealed": reg.xor(pass_key, pass_pad)}
        registration.on_message(camera_wire.REGISTERED, txn, fields, 0.2)
        self.assertEqual(registration.state, reg.REGISTERED)
        self.assertEqual((registration.ticket_secret, registration.pass_key), (secret, pass_key))
        self.assertAlmostEqual(registration.deadline, 0.2 + 8.0)  # §4.5: at most 8 s

        registration.on_message(camera_wire.ERROR, txn, {"code": camera_wire.NOT_REGISTERED}, 1.0)
        self.assertEqual(registration.state, reg.HELLO_SENT)  # a restarted cloud: at once again
        new_txn = struct.unpack_from(">Q", registration.outbox.pop(), 4)[0]
        registration.on_message(camera_wire.REGISTER_CHALLENGE, new_txn, {"cookie": bytes(range(24))}, 1.1)
        resume = registration.outbox.pop()
        self.assertEqual((resume[3], len(resume)), (camera_wire.RESUME, 156))
        proof = hmac.new(secret, b"p2pcam resume v1\0" + resume[:124], hashlib.sha256).digest()
        self.assertEqual(resume[124:], proof)

        registration.on_message(camera_wire.ERROR, new_txn, {"code": camera_wire.TICKET_REFUSED}, 1.2)
        again = registration.outbox.pop()
        self.assertEqual((again[3], again[4:12], again[76:100]), (camera_wire.REGISTER, resume[4:12], resume[76:100]))
        self.assertIsNone(registration.ticket)


class Handshake(unittest.TestCase):
    def setUp(self):
        self.camera = Identity.generate()
        self.responder = rsp.Responder(self.camera, "right password", NOW - 60)

    def first_message(self, password, now=NOW):
        viewer = handshake.ViewerHandshake(self.camera.camera_id, self.camera.public_key, now_seconds=now)
        hello = handshake.encode_viewer_hello(0x11223345, False, [(cloud_wire.LOCAL, "10.0.0.2", 4000)], password,
                                              "tester")
        return viewer, viewer.write_envelope(hello)

    def answer(self, blob, verdict_for=None):
        self.responder.check_envelope(blob, "10.0.0.2", NOW)
        state, re, rs, hello = self.responder.read_message1(blob, NOW)
        verdict = self.responder.verdict(hello, 0, 4, "10.0.0.2", NOW)
        welcome = rsp.encode_welcome(verdict, 0x01020304 if verdict == rsp.ADMITTED else 0, (320, 240, 30), 0,
                                     [], [(0, 320, 240, 30)] if verdict == rsp.ADMITTED else [])
        return hello, rsp.Responder.write_message2(state, re, rs, welcome)

    def test_the_independent_viewer_and_camera_agree_on_the_welcome_and_the_keys(self):
        viewer, blob = self.first_message("right password")
        hello, (message2, camera_send, camera_receive) = self.answer(blob)
        self.assertEqual((hello["session_id"], hello["name"], hello["candidates"]),
                         (0x11223345, "tester", [(cloud_wire.LOCAL, "10.0.0.2", 4000)]))
        welcome, viewer_send, viewer_receive = viewer.read_answer(message2)
        self.assertEqual((welcome["verdict"], welcome["session_id"], welcome["streams"]),
                         ("ADMITTED", 0x01020304, {"main": (320, 240, 30)}))
        self.assertEqual((viewer_send, viewer_receive), (camera_receive, camera_send))

    def test_a_wrong_password_is_told_so_inside_message_2(self):
        viewer, blob = self.first_message("wrong")
        _, (message2, _, _) = self.answer(blob)
        self.assertEqual(viewer.read_answer(message2)[0]["verdict"], "WRONG_PASSWORD")

    def test_a_replayed_or_old_first_message_is_refused_stale_before_any_x25519_work(self):
        _, blob = self.first_message("right password")
        self.answer(blob)
        with self.assertRaises(rsp.Refused) as replayed:
            self.responder.check_envelope(blob, "10.0.0.2", NOW)
        self.assertEqual(replayed.exception.blob, bytes([1, 0, 0]))
        _, old = self.first_message("right password", now=NOW - 121)
        with self.assertRaises(rsp.Refused):
            self.responder.check_envelope(old, "10.0.0.2", NOW)

    def test_a_corrupted_message_is_unreadable_and_its_ephemeral_key_forgotten(self):
        _, blob = self.first_message("right password")
        corrupted = blob[:-1] + bytes([blob[-1] ^ 1])
        self.responder.check_envelope(corrupted, "10.0.0.2", NOW)
        with self.assertRaises(rsp.Unreadable):
            self.responder.read_message1(corrupted, NOW)
        self.responder.check_envelope(blob, "10.0.0.2", NOW)  # the genuine one still goes through

    def test_the_welcome_example_of_section_10_1(self):
        welcome = rsp.encode_welcome(rsp.ADMITTED, 0x01020304, (1280, 720, 30), 0,
                                     [(cloud_wire.LOCAL, "192.168.1.20", 40000)],
                                     [(0, 1280, 720, 30), (1, 640, 360, 15)])
        self.assertEqual(welcome.hex(), "020000010203040500" "02d01e0000000000000000" "010104c0a801149c40"
                                        "0200050002d01e01028001680f")


class Budget(unittest.TestCase):
    def test_the_sixth_wrong_password_starts_a_wait_of_one_second_then_two(self):
        budget = UnpairedBudget()
        for i in range(5):
            budget.wrong_password(100.0 + i)
        self.assertIsNone(budget.refusal("10.0.0.2", 104.5))
        budget.wrong_password(105.0)
        self.assertEqual(budget.refusal("10.0.0.3", 105.2), 1)
        self.assertIsNone(budget.refusal("10.0.0.4", 106.0))
        budget.wrong_password(106.0)
        self.assertEqual(budget.refusal("10.0.0.5", 107.5), 1)  # 2 s from the last failure, rounded up

    def test_a_source_gets_four_at_once_then_one_per_five_seconds(self):
        budget = UnpairedBudget()
        self.assertEqual([budget.refusal("10.0.0.2", 0.0) for _ in range(5)], [None] * 4 + [5])
        self.assertIsNone(budget.refusal("10.0.0.9", 0.0), "another source has its own bucket")
        self.assertIsNone(budget.refusal("10.0.0.2", 5.0))


class Media(unittest.TestCase):
    def test_large_units_become_fu_a_fragments_of_at_most_1100_bytes_that_the_viewer_reassembles(self):
        import media
        sps, pps, idr = b"\x67\x42\xc0\x1e\xaa", b"\x68\xce\x3c\x80", b"\x65" + bytes(range(256)) * 20
        unit = annexb.AccessUnit([sps, pps, idr])
        packets = rtp_sender.RtpSender().packetize(unit, 1_796_428_800_500_000)
        self.assertTrue(all(len(p) <= 1100 for p in packets))
        self.assertEqual([p[1] >> 7 for p in packets], [0] * (len(packets) - 1) + [1])
        self.assertTrue(media.opens_keyframe(packets[0][12:]))
        assembler = media.AccessUnitAssembler()
        out = [assembler.push(media.RtpPacket.parse(p)) for p in packets][-1]
        self.assertEqual(out, b"".join(b"\0\0\0\1" + n for n in (sps, pps, idr)))

    def test_the_rtp_timestamp_is_the_capture_time_in_90_khz_units_modulo_2_32(self):
        self.assertEqual(rtp_sender.rtp_timestamp(1_796_428_800_500_000), (1_796_428_800_500_000 * 9 // 100) % 2**32)

    def test_an_annex_b_stream_splits_into_pictures_with_parameter_sets_before_each_idr(self):
        sps, pps = b"\x67\x42\xc0\x1e\xaa", b"\x68\xce\x3c\x80"
        idr, p1, idr2 = b"\x65\x88\x01", b"\x41\x9a\x02", b"\x65\x88\x03"
        stream = b"".join(b"\0\0\0\1" + n for n in (b"\x09\xf0", sps, pps, idr, b"\x09\xf0", p1, b"\x09\xf0", idr2))
        units, last_sps = annexb.access_units(stream)
        self.assertEqual([u.units for u in units], [[sps, pps, idr], [p1], [sps, pps, idr2]])
        self.assertEqual(last_sps, sps)


class Session(unittest.TestCase):
    def setUp(self):
        key_a, key_b = bytes(range(32)), bytes(range(32, 64))
        self.viewer = SessionCrypto(key_a, key_b, 7, 9, clock=lambda: 0.0)
        camera = SessionCrypto(key_b, key_a, 9, 7, clock=lambda: 0.0)
        self.session = ViewerSession(camera, "v", [(cloud_wire.REFLEXIVE, "127.0.0.1", 5000)],
                                     [(cloud_wire.LOCAL, "127.0.0.1", 5000)], 4, 0.0)
        self.rtp = rtp_sender.RtpSender()
        self.session.on_timer(0.0, self.rtp)
        probe, address = self.session.outbox.pop()
        self.assertEqual(address, ("127.0.0.1", 5000))
        kind, token = self.viewer.open(probe)
        self.session.handle(self.viewer.seal(sp.PROBE_ACK, token), address, 0.01, self.rtp)
        self.assertEqual(self.session.path, address)

    def send(self, kind, body):
        self.session.handle(self.viewer.seal(kind, body), ("127.0.0.1", 5000), 0.02, self.rtp)

    def test_a_pli_about_the_stream_or_ssrc_0_asks_for_a_keyframe_and_another_ssrc_is_ignored(self):
        self.session.wants_keyframe = False
        self.send(sp.MEDIA_FEEDBACK, struct.pack(">BBHII", 0x81, 206, 2, 1, self.rtp.ssrc ^ 1))
        self.assertFalse(self.session.wants_keyframe)
        self.send(sp.MEDIA_FEEDBACK, struct.pack(">BBHII", 0x81, 206, 2, 1, 0))
        self.assertTrue(self.session.wants_keyframe)

    def test_select_stream_for_a_sub_stream_it_does_not_have_is_ignored_and_counted(self):
        self.send(sp.SELECT_STREAM, b"\x01")
        self.send(sp.SELECT_STREAM, b"")
        self.send(sp.SELECT_STREAM, b"\x00")
        stats = self.session.stats
        self.assertEqual((stats["refused_selections"], stats["bad_selections"], stats["selections"][0]), (1, 1, 1))

    def test_media_to_a_viewer_starts_at_a_keyframe(self):
        predicted = self.rtp.packetize(annexb.AccessUnit([b"\x41\x9a"]), 0)
        self.session.send_media(predicted, False, 0, 0.03)
        self.assertFalse([d for d, _ in self.session.outbox if self.viewer.open(d)[0] == sp.MEDIA])
        keyframe = self.rtp.packetize(annexb.AccessUnit([b"\x67\x42", b"\x68\xce", b"\x65\x88"]), 0)
        self.session.send_media(keyframe, True, 0, 0.04)
        self.assertTrue(self.session.media_started)


class Relay(unittest.TestCase):
    def test_without_a_path_after_1_s_the_camera_probes_the_relay_in_its_own_frames_and_a_relayed_ack_fixes_it(self):
        key_a, key_b, frame_key = bytes(range(32)), bytes(range(32, 64)), bytes(range(16))
        viewer = SessionCrypto(key_a, key_b, 7, 9, clock=lambda: 0.0)
        grant = relay.RelayGrant(0x1122334455667788, frame_key, ("127.0.0.1", 32100),
                                 own_frame=relay.FRAME_FROM_CAMERA, peer_frame=relay.FRAME_FROM_VIEWER)
        session = ViewerSession(SessionCrypto(key_b, key_a, 9, 7, clock=lambda: 0.0), "v", [], [], 4, 0.0,
                                relay=grant, direct=False)
        rtp = rtp_sender.RtpSender()
        session.on_timer(0.9, rtp)
        self.assertEqual(session.outbox, [], "§10.3: the relay is probed 1 s after the start without a path")
        session.on_timer(1.0, rtp)
        frame, address = session.outbox.pop()
        self.assertEqual((address, frame[3], frame[4:12].hex()), (("127.0.0.1", 32100), 0x32, "1122334455667788"))
        self.assertEqual(frame[-16:], relay.tag(frame_key, frame[:-16]))
        kind, token = viewer.open(frame[12:-16])
        self.assertEqual(kind, sp.PROBE)
        session.handle(viewer.seal(sp.PROBE_ACK, token), RELAY, 1.1, rtp)
        self.assertEqual((session.path, session.path_kind), (RELAY, "relay"))


if __name__ == "__main__":
    unittest.main()
