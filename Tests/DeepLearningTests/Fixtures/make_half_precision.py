"""Writes half_precision.json: float32 values and the bit patterns PyTorch's float16 and bfloat16 round them to
(round to nearest, ties to even), chosen to hit every case of the conversion: exact values, ties in both
directions, the largest finite values and the overflow to infinity, the smallest normal and subnormal numbers and
what flushes to zero, signed zeros, infinities and NaN.

    /work/main/.venv-bench/bin/python Tests/DeepLearningTests/Fixtures/make_half_precision.py
"""
import json
import struct
from pathlib import Path

import torch


def f32(bits):
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def main():
    values_bits = [
        0x3F800000,  # 1
        0x3F808000,  # 1 + 2^-8: bf16 tie between 1 and 1 + 2^-7 (even: 1)
        0x3F818000,  # 1 + 3·2^-8: bf16 tie, rounds up to the even 1 + 2^-6
        0x3F808001,  # just above the tie: up
        0x3F807FFF,  # just below: down
        0x3F801000,  # 1 + 2^-11: fp16 tie (even: 1)
        0x3F803000,  # 1 + 3·2^-11: fp16 tie, up
        0x7F7FFFFF,  # float32 max: bf16 rounds it to inf, fp16 overflows
        0x7F7F0000,  # bf16's largest finite
        0x477FE000,  # 65504: fp16's largest finite
        0x477FEFFF,  # 65519.99…: fp16 rounds down to 65504
        0x477FF000,  # 65520: fp16 tie to even → inf
        0x38800000,  # 2^-14: fp16's smallest normal
        0x33800000,  # 2^-24: fp16's smallest subnormal
        0x33000000,  # 2^-25: fp16 tie between 0 and 2^-24 → 0 (even)
        0x33000001,  # just above 2^-25 → 2^-24
        0x33C00000,  # 1.5·2^-24: fp16 tie between 2^-24 and 2^-23 → 2^-23
        0x00800000,  # 2^-126: float32's (and bf16's) smallest normal
        0x00400000,  # 2^-127: a float32 subnormal, exact in bf16
        0x00000001,  # 2^-149: float32's smallest subnormal; bf16 rounds it to 0
        0x00008000,  # 2^-134: bf16 tie between 0 and 2^-133 → 0
        0x00018000,  # 3·2^-134: bf16 tie → 2^-132
        0x00010000,  # 2^-133: bf16's smallest subnormal
        0x80000000,  # -0
        0xBF808000,  # -(1 + 2^-8): tie, negative
        0xC0490FDB,  # -pi
        0x3DCCCCCD,  # 0.1
        0x7F800000,  # +inf
        0xFF800000,  # -inf
        0x7FC00000,  # quiet NaN
        0xFFC00001,  # negative NaN with payload
    ]
    values = torch.tensor([f32(b) for b in values_bits], dtype=torch.float32)
    assert [struct.unpack("<I", struct.pack("<f", v))[0] for v in values.tolist()] == values_bits
    fp16 = values.to(torch.float16).view(torch.int16).tolist()
    bf16 = values.to(torch.bfloat16).view(torch.int16).tolist()
    out = Path(__file__).with_name("half_precision.json")
    out.write_text(json.dumps({"torch": torch.__version__, "float32_bits": values_bits,
                               "float16_bits": [b & 0xFFFF for b in fp16],
                               "bfloat16_bits": [b & 0xFFFF for b in bf16]}, indent=1) + "\n")
    print(f"wrote {out}: {len(values_bits)} values")


if __name__ == "__main__":
    main()
