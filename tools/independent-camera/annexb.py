"""An H.264 Annex-B file as access units (ITU-T H.264 §7.4.1.2.3), and the picture size its SPS gives
(§7.3.2.1.1), for the camera to play as its main stream."""

import re

NAL_SLICE, NAL_IDR, NAL_SEI, NAL_SPS, NAL_PPS, NAL_AUD = 1, 5, 6, 7, 8, 9
START_CODE = re.compile(b"\x00\x00\x01")


def nal_units(data):
    """The NAL units of an Annex-B byte stream, without start codes (trailing zero bytes dropped)."""
    starts = [m.end() for m in START_CODE.finditer(data)]
    units = []
    for i, start in enumerate(starts):
        end = starts[i + 1] - 3 if i + 1 < len(starts) else len(data)
        unit = data[start:end].rstrip(b"\x00")
        if unit:
            units.append(unit)
    return units


def first_mb_is_zero(unit):
    """first_mb_in_slice is ue(v); the value 0 is the single bit 1."""
    return len(unit) > 1 and unit[1] & 0x80 != 0


class AccessUnit:
    def __init__(self, units):
        self.units = units
        self.keyframe = any(u[0] & 0x1F == NAL_IDR for u in units)


def access_units(data):
    """Groups NAL units into pictures; drops AUDs. An IDR picture gets the newest SPS and PPS in front
    of it when the file did not repeat them (§10.2: SPS and PPS before every IDR)."""
    pictures, current, has_slice = [], [], False
    sps = pps = None
    for unit in nal_units(data):
        kind = unit[0] & 0x1F
        starts_new = has_slice and (kind in (NAL_AUD, NAL_SEI, NAL_SPS, NAL_PPS)
                                    or (kind in (NAL_SLICE, NAL_IDR) and first_mb_is_zero(unit)))
        if starts_new:
            pictures.append(current)
            current, has_slice = [], False
        if kind == NAL_SPS:
            sps = unit
        elif kind == NAL_PPS:
            pps = unit
        if kind == NAL_AUD:
            continue
        current.append(unit)
        has_slice = has_slice or kind in (NAL_SLICE, NAL_IDR)
    if current and has_slice:
        pictures.append(current)
    units = []
    for picture in pictures:
        au = AccessUnit(picture)
        if au.keyframe:
            rest = [u for u in picture if u[0] & 0x1F not in (NAL_SPS, NAL_PPS)]
            au.units = [u for u in (sps, pps) if u is not None] + rest
        units.append(au)
    return units, sps


class BitReader:
    def __init__(self, data):
        # Emulation prevention bytes (00 00 03) are not part of the RBSP.
        self.data = re.sub(b"\x00\x00\x03", b"\x00\x00", data)
        self.position = 0

    def bit(self):
        byte = self.data[self.position >> 3]
        value = (byte >> (7 - (self.position & 7))) & 1
        self.position += 1
        return value

    def bits(self, n):
        value = 0
        for _ in range(n):
            value = (value << 1) | self.bit()
        return value

    def ue(self):
        zeros = 0
        while self.bit() == 0:
            zeros += 1
        return (1 << zeros) - 1 + self.bits(zeros)

    def se(self):
        value = self.ue()
        return (value + 1) // 2 if value & 1 else -(value // 2)


def picture_size(sps):
    """(width, height) from an SPS NAL unit, cropping applied."""
    r = BitReader(sps[1:])
    profile = r.bits(8)
    r.bits(16)  # constraint flags, level
    r.ue()  # seq_parameter_set_id
    chroma_format = 1
    if profile in (100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135):
        chroma_format = r.ue()
        if chroma_format == 3:
            r.bit()
        r.ue()
        r.ue()
        r.bit()
        if r.bit():
            raise ValueError("SPS with scaling matrices is not supported")
    r.ue()  # log2_max_frame_num_minus4
    poc_type = r.ue()
    if poc_type == 0:
        r.ue()
    elif poc_type == 1:
        r.bit()
        r.se()
        r.se()
        for _ in range(r.ue()):
            r.se()
    r.ue()  # max_num_ref_frames
    r.bit()
    width_mbs, height_units = r.ue() + 1, r.ue() + 1
    frame_mbs_only = r.bit()
    if not frame_mbs_only:
        r.bit()
    r.bit()  # direct_8x8_inference_flag
    width, height = width_mbs * 16, height_units * 16 * (2 - frame_mbs_only)
    if r.bit():  # frame_cropping_flag
        left, right, top, bottom = r.ue(), r.ue(), r.ue(), r.ue()
        crop_x = 2 if chroma_format in (1, 2) else 1
        crop_y = (2 if chroma_format == 1 else 1) * (2 - frame_mbs_only)
        width -= crop_x * (left + right)
        height -= crop_y * (top + bottom)
    return width, height
