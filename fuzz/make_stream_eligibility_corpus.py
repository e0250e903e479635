#!/usr/bin/env python3
"""Writes the seed corpus of fuzz/stream_eligibility.cpp: N8 canonical requests (selector byte 0)
with near misses, and EligibilityProof bytes (selector byte 1) of both stream arms with unsigned
or wrongly sized fields. Standard library only; rewrites only the seed files it owns."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "stream_eligibility")
DOMAIN = b"/LEZ/v0.1/StoreEligibility/"


def write(name, data):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "seed_" + name), "wb") as f:
        f.write(data)


def s(text):
    b = text.encode()
    return struct.pack("<I", len(b)) + b


def n8(request_id, full=False):
    out = DOMAIN + b"\x00" * (32 - len(DOMAIN)) + s(request_id) + b"\x01"
    if full:
        out += b"\x01" + s("/waku/2/rs/1/0") + struct.pack("<I", 2) + s("/a/1/b/proto") + s("/c/1/d/proto")
        out += b"\x01" + struct.pack("<q", -5) + b"\x01" + struct.pack("<q", 10**18)
        out += struct.pack("<I", 1) + b"\xab" * 32 + b"\x01" + b"\x00" * 32 + b"\x01" + b"\x01" + struct.pack("<Q", 20)
    else:
        out += b"\x00" + struct.pack("<I", 0) + b"\x00\x00" + struct.pack("<I", 0) + b"\x00" + b"\x00" + b"\x00"
    return out


def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def field(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def uint_field(number, value):
    return varint(number << 3) + varint(value)


def main():
    for name, data in (("n8-minimal", n8("r1")), ("n8-full", n8("request-42", True))):
        write(name, b"\x00" + data)
        write(name + "-truncated", b"\x00" + data[:-1])
        write(name + "-trailing", b"\x00" + data + b"\x00")
    write("n8-bad-presence", b"\x00" + n8("r1")[:39] + b"\x02" + n8("r1")[40:])
    vault_proof = (field(1, struct.pack("<Q", 3)) + field(2, b"\x11" * 32) + field(3, b"\x22" * 32) +
                   field(4, b"\x33" * 64) + field(5, b"\x00" * 32))
    params = field(1, b"/vac/waku/store-query/3.0.0") + uint_field(2, 10) + uint_field(3, 1000) + uint_field(4, 1700000100)
    proposal = field(1, vault_proof) + field(2, params) + field(3, b"\x44" * 32)
    write("proposal", b"\x01" + field(2, proposal))
    write("proposal-short-key", b"\x01" + field(2, field(1, vault_proof) + field(2, params) + field(3, b"\x44" * 31)))
    # existing_stream_id (field 100, lez-pay's optional extension): 8 bytes, then a wrong width.
    write("proposal-existing-stream", b"\x01" + field(2, proposal + field(100, struct.pack("<Q", 2))))
    write("proposal-existing-stream-short", b"\x01" + field(2, proposal + field(100, b"\x02\x00\x00")))
    proof = field(1, struct.pack("<Q", 5)) + field(2, b"\x55" * 64)
    write("proof", b"\x01" + field(3, proof))
    write("proof-no-signature", b"\x01" + field(3, field(1, struct.pack("<Q", 5))))
    write("two-arms", b"\x01" + field(2, proposal) + field(3, proof))


if __name__ == "__main__":
    main()
