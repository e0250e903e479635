#!/usr/bin/env python3
"""Generates tests/vectors/payment_streams.json: known-answer vectors for the payment-streams
program (docs/spec-notes.md, LIP-155 payment streams) written from the spec with the Python standard library
only, as an independent second implementation of the PDAs (§5), account layouts (§5),
instruction words (§3) and the accrual fold (§2). Run: python3 gen_payment_streams_vectors.py >
payment_streams.json."""
import hashlib
import json
import struct

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
PROGRAM = bytes.fromhex("9d88f2e7498ae25caa3a5d829a3d1ed39f08673ba90987333074b965a81b90f8")
AT = bytes.fromhex("fe96c4228babbe8bc578e3e25b884cacb07f8c86541f27ed676789875eef875a")
U64_MAX = 2**64 - 1
U128_MAX = 2**128 - 1


def b58(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def pad32(raw: bytes) -> bytes:
    assert len(raw) <= 32
    return raw + b"\0" * (32 - len(raw))


def sha(*parts: bytes) -> bytes:
    return hashlib.sha256(b"".join(parts)).digest()


def u64(v): return struct.pack("<Q", v)
def u128(v): return v.to_bytes(16, "little")


def pda(program: bytes, seeds):
    combined = sha(*seeds)  # three seeds: always hashed (lez.md §3)
    return combined, sha(pad32(b"/LEE/v0.2/AccountId/PDA/"), program, combined)


def words_u64(v): return [v & 0xFFFFFFFF, v >> 32]
def words_u128(v): return [(v >> (32 * i)) & 0xFFFFFFFF for i in range(4)]


def words_string(s: str):
    raw = s.encode()
    out = [len(raw)]
    for i in range(0, len(raw), 4):
        out.append(int.from_bytes(raw[i:i + 4].ljust(4, b"\0"), "little"))
    return out


def fold(s, t):
    """payment-streams.md §2 at_time, written from the spec text. Returns (stream, error)."""
    s = dict(s)
    if s["accrued"] > s["allocation"]:
        return None, 6014
    if s["allocation"] == 0:
        return (None, 6008) if s["state"] == 0 else (s, None)
    if s["rate"] == 0:
        return None, 6007
    if s["state"] != 0:
        return s, None
    if t < s["accrued_as_of"]:
        return None, 6013
    if t == s["accrued_as_of"]:
        return s, None
    before = s["accrued"]
    s["accrued"] = min(s["allocation"], min(U128_MAX, before + s["rate"] * (t - s["accrued_as_of"])))
    if s["allocation"] - s["accrued"] == 0:
        s["state"] = 1
        remaining = s["allocation"] - before
        instant = s["accrued_as_of"] + -(-remaining // s["rate"])
        if instant > U64_MAX:
            return None, 6005
        s["accrued_as_of"] = instant
    else:
        s["accrued_as_of"] = t
    return s, None


out = {"spec": "lez-payment-streams v0.1 (docs/spec-notes.md, LIP-155 payment streams)",
       "generator": "tests/vectors/gen_payment_streams_vectors.py",
       "program_id": PROGRAM.hex()}

pdas = []
for owner_fill, vault_id, stream_id in ((0x11, 1, 2), (0xA5, U64_MAX, 0)):
    owner = bytes([owner_fill]) * 32
    cfg_seed, cfg = pda(PROGRAM, [pad32(b"vault_config"), owner, pad32(u64(vault_id))])
    hld_seed, hld = pda(PROGRAM, [pad32(b"vault_holding"), cfg, bytes(32)])
    str_seed, strm = pda(PROGRAM, [pad32(b"stream_config"), cfg, pad32(u64(stream_id))])
    pdas.append({"section": "§5", "owner": owner.hex(), "vault_id": str(vault_id), "stream_id": str(stream_id),
                 "vault_config_seed": cfg_seed.hex(), "vault_config": cfg.hex(), "vault_config_base58": b58(cfg),
                 "vault_holding_seed": hld_seed.hex(), "vault_holding": hld.hex(),
                 "stream_config_seed": str_seed.hex(), "stream_config": strm.hex()})
out["pdas"] = pdas

provider = bytes(range(0x40, 0x60))
owner = bytes([0x11]) * 32
out["vault_config"] = [{
    "section": "§5", "version": 1, "owner": owner.hex(), "vault_id": "258", "next_stream_id": "3",
    "total_allocated": str(2**100 + 7), "privacy_tier": 1, "token_id": bytes(32).hex(),
    "bytes": (bytes([1]) + owner + u64(258) + u64(3) + u128(2**100 + 7) + bytes([1]) + bytes(32)).hex()}]
out["stream_config"] = [{
    "section": "§5", "version": 1, "stream_id": "9", "provider": provider.hex(), "rate": "1000",
    "allocation": str(10**20), "accrued": "12345", "state": 1, "accrued_as_of": "1700000000",
    "bytes": (bytes([1]) + u64(9) + provider + u64(1000) + u128(10**20) + u128(12345) + bytes([1]) + u64(1700000000)).hex()}]

out["instructions"] = [
    {"section": "§3", "variant": "InitializeVault", "vault_id": "1", "privacy_tier": 0, "token_id": bytes(32).hex(),
     "words": [0] + words_u64(1) + [0] + [0] * 32},
    {"section": "§3", "variant": "Deposit", "vault_id": "1", "amount": "500", "authenticated_transfer_program_id": AT.hex(),
     "words": [1] + words_u64(1) + words_u128(500) + [int.from_bytes(AT[i:i + 4], "little") for i in range(0, 32, 4)]},
    {"section": "§3", "variant": "CreateStream", "vault_id": "1", "stream_id": "0", "provider": provider.hex(),
     "rate": "3", "allocation": str(2**64),
     "words": [3] + words_u64(1) + words_u64(0) + words_string(b58(provider)) + words_u64(3) + words_u128(2**64)},
    {"section": "§3", "variant": "TopUpStream", "vault_id": "4", "stream_id": "5", "vault_total_allocated_increase": "6",
     "words": [6] + words_u64(4) + words_u64(5) + words_u128(6)},
    {"section": "§3", "variant": "WithdrawToOwner", "vault_id": "7", "amount": "8",
     "words": [10] + words_u64(7) + words_u128(8)},
]

fold_cases = []
for name, s, t in (
    ("linear accrual", dict(rate=10, allocation=1000, accrued=0, state=0, accrued_as_of=100), 105),
    ("same instant unchanged", dict(rate=10, allocation=1000, accrued=50, state=0, accrued_as_of=100), 100),
    ("depletion instant before t", dict(rate=10, allocation=100, accrued=0, state=0, accrued_as_of=0), 50),
    ("depletion rounds up", dict(rate=3, allocation=10, accrued=0, state=0, accrued_as_of=0), 100),
    ("depletion exactly at t", dict(rate=3, allocation=9, accrued=0, state=0, accrued_as_of=7), 10),
    ("depletion after partial accrual", dict(rate=4, allocation=10, accrued=3, state=0, accrued_as_of=20), 30),
    ("saturating product", dict(rate=U64_MAX, allocation=U128_MAX, accrued=U128_MAX - 5, state=0, accrued_as_of=0), U64_MAX),
    ("paused never accrues", dict(rate=10, allocation=1000, accrued=100, state=1, accrued_as_of=100), 200),
    ("paused before accrued_as_of", dict(rate=10, allocation=1000, accrued=100, state=1, accrued_as_of=100), 5),
    ("closed unchanged", dict(rate=10, allocation=100, accrued=100, state=2, accrued_as_of=100), 200),
    ("time regression", dict(rate=10, allocation=1000, accrued=0, state=0, accrued_as_of=100), 99),
    ("accrued above allocation", dict(rate=10, allocation=100, accrued=500, state=0, accrued_as_of=100), 100),
    ("zero rate", dict(rate=0, allocation=100, accrued=0, state=0, accrued_as_of=0), 0),
    ("zero allocation while active", dict(rate=10, allocation=0, accrued=0, state=0, accrued_as_of=0), 0),
    ("zero allocation paused, zero rate", dict(rate=0, allocation=0, accrued=0, state=1, accrued_as_of=0), 9),
):
    after, err = fold(s, t)
    case = {"section": "§2", "name": name, "t": str(t), "before": {k: str(v) for k, v in s.items()}}
    if err:
        case["error"] = err
    else:
        case["after"] = {k: str(v) for k, v in after.items()}
    fold_cases.append(case)
out["fold"] = fold_cases

out["fold_seconds"] = [{"section": "§2", "ts": str(ts), "seconds": str(ts // 1000 if ts >= 10**12 else ts)}
                       for ts in (0, 105, 999_999_999_999, 1_000_000_000_000, 1_784_281_063_169, U64_MAX)]

print(json.dumps(out, indent=2, ensure_ascii=False))
