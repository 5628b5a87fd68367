"""The worked examples of docs/PROTOCOL.md, checked against this viewer's code (python3 -m unittest)."""

import unittest

import camera_id
import cloud_wire
import handshake
import media
import relay


class DocVectors(unittest.TestCase):
    def test_key_hash_and_text_form_of_section_2_1(self):
        key = bytes(range(64))
        self.assertEqual(camera_id.id_of_key(key).hex(), "f32d3e011371f247adf5343eed30f3")
        self.assertEqual(camera_id.to_text(camera_id.id_of_key(key)), "YCPKW-08KE7-S4FBF-N6GZE-TC7K4")
        self.assertTrue(camera_id.key_matches(bytes.fromhex("f32d3e011371f247adf5343eed30f3"), key))

    def test_text_forms_of_section_2_2(self):
        self.assertEqual(camera_id.parse("01234-56789-ABCDE-FGHJK-MNPQR").hex(), "00443214c74254b635cf84653a56d7")
        self.assertEqual(camera_id.parse("008j4 ct4an k7f24 snaxw sqfe3").hex(), "00112233445566778899aabbccddee")

    def test_parse_errors_of_section_2_3(self):
        for text, message in [
            ("  ", "no camera ID given"),
            ("01234-U", "bad character 'U' at 7"),
            ("01234-56789-ABCDE-FGHJK-MNPQ", "wrong length: a camera ID has 25 characters, this has 24"),
            ("01234-56789-ABCDE-FGHJK-MNPQS", "check character mismatch: there is a typo somewhere in this ID"),
        ]:
            with self.assertRaises(camera_id.CameraIdError) as caught:
                camera_id.parse(text)
            self.assertEqual(str(caught.exception), message)

    def test_lookup_golden_of_section_8(self):
        lookup = cloud_wire.encode_lookup(0x0102030405060708, bytes.fromhex("00112233445566778899aabbccddee"))
        self.assertEqual(lookup.hex(), "5043011001020304050607080011223344556677" + "8899aabbccddee" + "00" * 69)

    def test_connect_result_golden_of_section_8(self):
        datagram = bytes.fromhex(
            "504301150102030405060708" "00" "02" "0204cb0071079c40" "010620010db800000000000000000000000101bb" "0002aabb"
        )
        _, txn, result = cloud_wire.decode(datagram)
        self.assertEqual(txn, 0x0102030405060708)
        self.assertEqual(result["candidates"], [(2, "203.0.113.7", 40000), (1, "2001:db8::1", 443)])
        self.assertEqual(result["handshake"], b"\xaa\xbb")

    def test_nack_and_pli_example_of_section_10_6(self):
        compound = media.generic_nack(0x11111111, 0x22222222, [100, 101, 116]) + media.picture_loss_indication(
            0x11111111, 0x22222222
        )
        self.assertEqual(compound.hex(), "81cd000311111111222222220064800181ce000211111111" "22222222")

    def test_camera_welcome_example_of_section_10_1(self):
        head = "020000010203040500" "02d01e0000000000000000" "010104c0a801149c40"
        streams = "0200050002d01e01028001680f"
        welcome = handshake.decode_camera_welcome(bytes.fromhex(head + streams))
        self.assertEqual(welcome["streams"], {"main": (1280, 720, 30), "sub": (640, 360, 15)})
        self.assertNotIn("pass_id", welcome)
        with_pass = handshake.decode_camera_welcome(bytes.fromhex(head + "11" * 8 + "a0" * 16 + streams))
        self.assertEqual((with_pass["pass_id"], with_pass["streams"]["sub"]), (0x1111111111111111, (640, 360, 15)))
        self.assertEqual(handshake.decode_camera_welcome(bytes.fromhex(head))["streams"], {})

    def test_tai64n_example_of_section_10_1(self):
        # 2026-12-05T00:00:00.5Z: the seconds' offset is 2^62 + 10, a value the camera's window of
        # +-120 s would not tell from 2^62 on the wire.
        self.assertEqual(handshake.tai64n(1_796_428_800.5).hex(), "400000006b13540a1dcd6500")

    def test_relay_examples_of_section_7(self):
        ticket, key = 0x1122334455667788, bytes(range(16))
        packet = bytes.fromhex("5301000000020000000000000005") + b"\xaa" * 17
        frame = relay.encode_frame(ticket, key, packet, relay.FRAME_FROM_CAMERA)
        self.assertEqual(len(frame), 59)
        self.assertEqual(frame.hex(), "504301321122334455667788" + packet.hex() + "401f3e6659a57be4f8296692b7574d52")
        self.assertEqual(relay.decode(frame, ticket), ("frame", packet))
        self.assertIsNone(relay.decode(frame, ticket + 1))
        nonce = bytes.fromhex("0102030405060708")
        challenge = relay.encode_challenge(ticket, nonce)
        self.assertEqual(challenge.hex(), "504301341122334455667788" "0102030405060708")
        self.assertEqual(relay.decode(challenge, ticket), ("challenge", nonce))
        self.assertEqual(relay.encode_response(ticket, key, nonce).hex(),
                         "504301351122334455667788" "0102030405060708" "dc2fc4cd7c21936e9c3f2672464839f7")

    def test_a_connect_result_with_a_relay_grant_and_node_of_section_3_10_12(self):
        grant = (7).to_bytes(8, "big") + bytes(range(16))
        result = cloud_wire.header(cloud_wire.CONNECT_RESULT, 1) + bytes([0, 0, 0, 0]) + grant
        self.assertEqual(cloud_wire.decode_connect_result(result)["relay_node"], None)
        fields = cloud_wire.decode_connect_result(result + bytes.fromhex("0304c0000201" "7d64"))
        self.assertEqual((fields["relay_ticket"], fields["relay_key"]), (7, bytes(range(16))))
        self.assertEqual(fields["relay_node"], ("192.0.2.1", 32100))
        with self.assertRaises(cloud_wire.WireError):
            cloud_wire.decode_connect_result(result + bytes.fromhex("030400000000" "7d64"))


if __name__ == "__main__":
    unittest.main()
