"""bench/opus-quality.sh's scorer: wideband PESQ (ITU-T P.862.2) of speech through the product's
Opus encoder at each setting and the viewer's slot decoder, clean and with random loss.

Args: WORK_DIR JAVA CLASSPATH SETTINGS LOSSES SEEDS WAV...  (SETTINGS "5:0,1:0,5/0:0" = complexity[/of digital silence]:wideband;
LOSSES "0,5" percent; SEEDS: how many loss patterns per file at a loss above 0). Each WAV (any rate,
mono 16-bit) is resampled to 48 kHz for the codec; the reference and the decoded sound are both
resampled to 16 kHz with the same filter for PESQ WB (which hears nothing above 8 kHz).
Or --raw OUT WAV...: only the WAVs as the codec gets them, one after another in one raw file
(bench/opus-speech-cost.sh's input).
"""
import subprocess
import sys
import wave
from fractions import Fraction
from pathlib import Path

import numpy as np
from pesq import pesq
from scipy.signal import resample_poly


def read_wav(path):
    with wave.open(str(path)) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2, path
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64), w.getframerate()


def resample(x, rate_from, rate_to):
    ratio = Fraction(rate_to, rate_from)
    return resample_poly(x, ratio.numerator, ratio.denominator)


def to_i16(x):
    return np.clip(np.round(x), -32768, 32767).astype("<i2")


def speech48(wav):
    """A WAV as the codec gets it: 48 kHz mono 16-bit."""
    x, rate = read_wav(wav)
    return to_i16(resample(x * 0.7, rate, 48000))  # 0.7: headroom for the resampler's ripple


def main():
    if sys.argv[1] == "--raw":
        np.concatenate([speech48(wav) for wav in sys.argv[3:]]).tofile(sys.argv[2])
        return
    work, java, classpath, settings, losses, seeds = sys.argv[1:7]
    wavs = sys.argv[7:]
    work = Path(work)
    settings = [tuple(s.split(":")) for s in settings.split(",")]
    losses = [float(v) for v in losses.split(",")]
    seeds = int(seeds)
    refs = []
    for index, wav in enumerate(wavs):
        x48 = speech48(wav)
        raw = work / f"in{index}.raw"
        x48.tofile(raw)
        refs.append((raw, resample(x48.astype(np.float64), 48000, 16000), Path(wav).stem.split("-")[-1]))
    print(f"{len(wavs)} files, {sum(len(r[1]) for r in refs) / 16000:.1f} s of speech")
    for complexity, wideband in settings:
        for loss in losses:
            scores = []
            by_voice = {}
            runs = seeds if loss > 0 else 1
            subprocess.run([java, "-cp", classpath, "OpusQuality", str(complexity), str(wideband), str(loss), str(runs)]
                           + [str(r[0]) for r in refs], check=True, stdout=subprocess.DEVNULL)
            for raw, ref16, voice in refs:
                for seed in range(1, runs + 1):
                    deg16 = resample(np.fromfile(f"{raw}.{seed}.out", dtype="<i2").astype(np.float64), 48000, 16000)
                    n = min(len(ref16), len(deg16))
                    scores.append(pesq(16000, ref16[:n], deg16[:n], "wb"))
                    by_voice.setdefault(voice, []).append(scores[-1])
            print(f"complexity {complexity}{' wideband' if wideband == '1' else ''}, loss {loss:g} %: "
                  f"PESQ WB mean {np.mean(scores):.3f} (min {np.min(scores):.3f}, max {np.max(scores):.3f}, n {len(scores)}; "
                  + ", ".join(f"{v} {np.mean(s):.3f}" for v, s in by_voice.items()) + ")",
                  flush=True)


main()
