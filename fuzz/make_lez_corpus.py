#!/usr/bin/env python3
"""Writes the seed corpora of the LEZ fuzz targets (lee_transaction, streams_accounts,
streams_instruction) from the known-answer vectors in tests/vectors/, plus a few near misses
(truncated, one byte longer, a flipped variant byte). Rewrites only the seed files it owns."""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "tests", "vectors")


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed_" + name), "wb") as f:
        f.write(data)


def near_misses(target, name, data):
    write(target, name, data)
    if len(data) > 1:
        write(target, name + "-truncated", data[:-1])
    write(target, name + "-trailing", data + b"\x00")


def main():
    core = json.load(open(os.path.join(VECTORS, "lez_core.json")))
    t = core["transaction"]
    near_misses("lee_transaction", "public", bytes.fromhex(t["lee_transaction_borsh"]))
    near_misses("lee_transaction", "deployment", bytes.fromhex(t["deployment_lee_borsh"]))
    bad_variant = bytearray.fromhex(t["lee_transaction_borsh"])
    bad_variant[0] = 7
    write("lee_transaction", "bad-variant", bytes(bad_variant))

    ps = json.load(open(os.path.join(VECTORS, "payment_streams.json")))
    for i, v in enumerate(ps["vault_config"]):
        near_misses("streams_accounts", f"vault-config-{i}", b"\x00" + bytes.fromhex(v["bytes"]))
    for i, v in enumerate(ps["stream_config"]):
        near_misses("streams_accounts", f"stream-config-{i}", b"\x02" + bytes.fromhex(v["bytes"]))
    # VaultHolding: version byte 1 then nothing else (the holding's balance is the account's).
    write("streams_accounts", "vault-holding", b"\x01\x01")
    for i, v in enumerate(ps["instructions"]):
        words = b"".join(struct.pack("<I", w) for w in v["words"])
        near_misses("streams_instruction", f"{v['variant']}-{i}", words)
    write("streams_instruction", "variant-11", struct.pack("<I", 11))


if __name__ == "__main__":
    main()
