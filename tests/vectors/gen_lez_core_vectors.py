#!/usr/bin/env python3
"""Generates tests/vectors/lez_core.json: known-answer vectors for lez::core written from the
LEZ v0.2 spec (docs/spec-notes.md, LEZ) with the Python standard library only, as an independent
second implementation of the byte layouts and hashes. Run: python3 gen_lez_core_vectors.py >
lez_core.json. Signatures here are arbitrary 64-byte values: these vectors pin encodings and
hashes, not signature validity (BIP-340 vectors are in bip340.json)."""
import hashlib
import json
import struct

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def pad32(text: str) -> bytes:
    raw = text.encode()
    assert len(raw) <= 32
    return raw + b"\0" * (32 - len(raw))


def sha(*parts: bytes) -> bytes:
    return hashlib.sha256(b"".join(parts)).digest()


def u32(v): return struct.pack("<I", v)
def u64(v): return struct.pack("<Q", v)
def u128(v): return v.to_bytes(16, "little")


def vec(items, enc):
    return u32(len(items)) + b"".join(enc(i) for i in items)


def program_id_bytes(words):
    return b"".join(u32(w) for w in words)


AT = bytes.fromhex("fe96c4228babbe8bc578e3e25b884cacb07f8c86541f27ed676789875eef875a")
G_X = bytes.fromhex("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")
# x-only key of secret 3 (BIP-340 vector 0)
K3_X = bytes.fromhex("f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9")

out = {"spec": "LEZ v0.2 (docs/spec-notes.md, LEZ)", "generator": "tests/vectors/gen_lez_core_vectors.py"}

# §3 public account ids
out["public_account_ids"] = [
    {"section": "§3", "public_key": k.hex(),
     "account_id_hex": sha(pad32("/LEE/v0.3/AccountId/Public/"), k).hex(),
     "account_id_base58": b58(sha(pad32("/LEE/v0.3/AccountId/Public/"), k))}
    for k in (G_X, K3_X)
]

# §3 PDAs
acct = sha(pad32("/LEE/v0.3/AccountId/Public/"), G_X)
seeds_multi = [pad32("stream"), u64(7) + b"\0" * 24, acct]
combined = sha(*seeds_multi)
out["pdas"] = [
    {"section": "§3", "program_id": AT.hex(), "seeds": [{"string": "vault"}],
     "combined_seed": pad32("vault").hex(),
     "pda_hex": sha(pad32("/LEE/v0.2/AccountId/PDA/"), AT, pad32("vault")).hex()},
    {"section": "§3", "program_id": AT.hex(),
     "seeds": [{"string": "stream"}, {"u64": 7}, {"account": acct.hex()}],
     "combined_seed": combined.hex(),
     "pda_hex": sha(pad32("/LEE/v0.2/AccountId/PDA/"), AT, combined).hex()},
    {"section": "§3", "program_id": AT.hex(), "seeds": [{"u32": 0xdeadbeef}],
     "combined_seed": (u32(0xdeadbeef) + b"\0" * 28).hex(),
     "pda_hex": sha(pad32("/LEE/v0.2/AccountId/PDA/"), AT, u32(0xdeadbeef) + b"\0" * 28).hex()},
]

# §4/§5 message, transaction, block
recipient = sha(pad32("/LEE/v0.3/AccountId/Public/"), K3_X)
amount = (1 << 100) + 12345
instr = [0] + list(struct.unpack("<4I", u128(amount)))
msg = AT + vec([acct, recipient], lambda a: a) + vec([0, 5], u128) + vec(instr, u32)
sig = bytes(range(64))
witness = vec([(sig, G_X)], lambda p: p[0] + p[1])
ptx = msg + witness
lee = b"\x00" + ptx
deploy = b"\x02" + u32(5) + b"\x7fELF\x01"
tx_hash = sha(ptx)
deploy_hash = sha(deploy[1:])
prev = bytes([0xab] * 32)
hashable = u64(42) + prev + u64(1700000000123) + vec([lee, deploy], lambda t: t)
block_hash = sha(pad32("/LEE/v0.3/Message/Block/"), hashable)
block_sig = bytes([0xcd] * 64)
block = u64(42) + prev + block_hash + u64(1700000000123) + block_sig + vec([lee, deploy], lambda t: t) + b"\x02"
out["transaction"] = {
    "section": "§4 §5",
    "program_id": AT.hex(),
    "account_ids": [acct.hex(), recipient.hex()],
    "nonces": ["0", "5"],
    "amount": str(amount),
    "instruction_words": instr,
    "signature": sig.hex(),
    "public_key": G_X.hex(),
    "message_borsh": msg.hex(),
    "message_digest": sha(pad32("/LEE/v0.3/Message/Public/"), msg).hex(),
    "public_transaction_borsh": ptx.hex(),
    "lee_transaction_borsh": lee.hex(),
    "tx_hash": tx_hash.hex(),
    "deployment_bytecode": "7f454c4601",
    "deployment_lee_borsh": deploy.hex(),
    "deployment_hash": deploy_hash.hex(),
}
out["block"] = {
    "section": "§4 §5",
    "block_id": 42, "prev_block_hash": prev.hex(), "timestamp": 1700000000123,
    "signature": block_sig.hex(), "bedrock_status": 2,
    "hashable_borsh": hashable.hex(),
    "block_hash": block_hash.hex(),
    "block_borsh": block.hex(),
}

# §2 account
out["account"] = {
    "section": "§2",
    "program_owner": AT.hex(), "balance": str((1 << 128) - 1), "data": "0102ff", "nonce": "7",
    "borsh": (AT + u128((1 << 128) - 1) + u32(3) + bytes([1, 2, 0xff]) + u128(7)).hex(),
}

# §9 clock data
out["clock_data"] = {"section": "§9", "block_id": 1234567, "timestamp": 1700000000999,
                     "borsh": (u64(1234567) + u64(1700000000999)).hex()}

# §10 RISC Zero words
def str_words(s: str):
    raw = s.encode()
    padded = raw + b"\0" * (-len(raw) % 4)
    return [len(raw)] + list(struct.unpack("<%dI" % (len(padded) // 4), padded))

out["risc0_words"] = [
    {"section": "§10", "type": "string", "value": "hello", "words": str_words("hello")},
    {"section": "§10", "type": "string", "value": "", "words": str_words("")},
    {"section": "§10", "type": "string", "value": "abcd", "words": str_words("abcd")},
    {"section": "§10", "type": "account_id", "value": acct.hex(), "base58": b58(acct),
     "words": str_words(b58(acct))},
    {"section": "§10", "type": "u128", "value": str(amount),
     "words": list(struct.unpack("<4I", u128(amount)))},
    {"section": "§10", "type": "u64", "value": str(0x0123456789abcdef),
     "words": [0x89abcdef, 0x01234567]},
]

print(json.dumps(out, indent=2, ensure_ascii=False))
