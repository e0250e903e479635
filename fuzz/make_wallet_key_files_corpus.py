#!/usr/bin/env python3
"""Writes the seed corpora of the wallet's two sealed key files, the plaintext inside the box:
fuzz/corpus/wallet_node_keys/ (node_keys.json: {"keys": {"<name>": <64 hex>}}) and
fuzz/corpus/wallet_session_keys/ (wallet_session_keys.sealed: {"version": 1, "session_keys": [...]}).
Valid lists in the wallet's own compact form (one key, several, the bound: 64 node keys, 4096
session keys) plus one near miss per refusal of modules/wallet_module/src/node_keys_body.h and
session_keys_body.h."""
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
MAX_NODE_KEYS = 64
MAX_SESSION_KEYS = 4096


def secret(n):  # the 32-byte big-endian secret n, valid for 1 <= n < the curve order
    return n.to_bytes(32, "big").hex()


ZERO = "00" * 32
OVER_ORDER = "ff" * 32
ORDER = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"


def dump(v):  # nlohmann's dump(): compact
    return json.dumps(v, separators=(",", ":"))


def node(keys):
    return dump({"keys": keys})


def session(entries, version=1):
    return dump({"version": version, "session_keys": entries})


node_seeds = {
    "one": node({"delivery": secret(1)}),
    "several": node({"delivery": secret(1), "delivery-2": secret(2), "relay_a": secret(3)}),
    "max": node({"k%d" % i: secret(i + 1) for i in range(MAX_NODE_KEYS)}),
    "empty": node({}),
    "prefixed_upper": node({"delivery": "0x" + secret(7).upper()}),
    "same_secret_two_names": node({"a": secret(5), "b": secret(5)}),
    "not_json": "keys = {}",
    "truncated": node({"delivery": secret(1)})[:-3],
    "number_out_of_range": '{"keys":{},"x":1e400}',
    "too_deep": "[" * 9 + "]" * 9,
    "not_object": "[]",
    "no_keys": "{}",
    "keys_array": '{"keys":[]}',
    "too_many": node({"k%d" % i: secret(i + 1) for i in range(MAX_NODE_KEYS + 1)}),
    "name_upper": node({"Delivery": secret(1)}),
    "name_empty": node({"": secret(1)}),
    "name_long": node({"a" * 65: secret(1)}),
    "name_slash": node({"../x": secret(1)}),
    "key_number": node({"delivery": 1}),
    "key_null": node({"delivery": None}),
    "key_not_hex": node({"delivery": "g" * 64}),
    "key_short": node({"delivery": secret(1)[2:]}),
    "key_odd": node({"delivery": secret(1)[1:]}),
    "key_zero": node({"delivery": ZERO}),
    "key_order": node({"delivery": ORDER}),
    "key_over_order": node({"delivery": OVER_ORDER}),
    "duplicate_name": '{"keys":{"delivery":"%s","delivery":"%s"}}' % (secret(1), secret(2)),
}

session_seeds = {
    "one": session([secret(1)]),
    "several": session([secret(1), secret(2), secret(3)]),
    "max": session([secret(i + 1) for i in range(MAX_SESSION_KEYS)]),
    "empty": session([]),
    "prefixed_upper": session(["0x" + secret(9).upper()]),
    "version_float": '{"version":1.0,"session_keys":[]}',
    "not_json": "version=1",
    "trailing": session([]) + "x",
    "number_out_of_range": '{"version":1e400,"session_keys":[]}',
    "too_deep": '{"version":1,"session_keys":[[[[[[[[]]]]]]]]}',
    "not_object": "[]",
    "no_list": '{"version":1}',
    "list_object": '{"version":1,"session_keys":{}}',
    "no_version": dump({"session_keys": []}),
    "version_2": session([], version=2),
    "version_string": session([], version="1"),
    "too_many": session([secret(i + 1) for i in range(MAX_SESSION_KEYS + 1)]),
    "entry_number": session([1]),
    "entry_null_after_key": session([secret(1), None]),
    "entry_not_hex": session(["z" * 64]),
    "entry_short": session([secret(1)[2:]]),
    "entry_empty": session([""]),
    "entry_zero": session([ZERO]),
    "entry_order": session([ORDER]),
    "entry_over_order": session([OVER_ORDER]),
    "duplicate": session([secret(1), secret(2), secret(1)]),
    "duplicate_spelling": session([secret(1), "0x" + secret(1).upper()]),
}

for target, seeds in (("wallet_node_keys", node_seeds), ("wallet_session_keys", session_seeds)):
    out = os.path.join(ROOT, target)
    os.makedirs(out, exist_ok=True)
    for name, text in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(text.encode())
