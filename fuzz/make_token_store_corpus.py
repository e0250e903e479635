#!/usr/bin/env python3
"""Writes the seed corpus of fuzz/token_store_file.cpp to fuzz/corpus/token_store_file/: the
selector byte (0 tokens.json, 1 --scope text, 2 --expires text) followed by the text. tokens.json
seeds are the file as the daemon and issue-token write it (two-space indent) plus near misses of
each field and of the version rule."""
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "token_store_file")
HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def row(**kw):
    r = {"name": "ci", "hash": HASH, "issued_at": "2026-12-05T01:00:00Z", "expires_at": None, "local_only": False}
    r.update(kw)
    return r


def store(*rows, **top):
    d = {"version": 2, "tokens": list(rows)}
    d.update(top)
    return json.dumps(d, indent=2) + "\n"


seeds = {
    "store_written": (0, store(row(name="auto", local_only=True), row(expires_at="2027-01-01T00:00:00Z"))),
    "store_scoped": (0, store(row(name="agent", scope="x402_module:httpGet; wallet_module:get_*"))),
    "store_empty": (0, store()),
    "store_extra_keys": (0, store(row(note="kept"), owner="ops")),
    "store_version1": (0, json.dumps({"version": 1, "tokens": []})),
    "store_version_text": (0, json.dumps({"version": "2", "tokens": []})),
    "store_no_version": (0, json.dumps({"tokens": [row()]})),
    "store_tokens_object": (0, json.dumps({"version": 2, "tokens": {"ci": row()}})),
    "store_bad_name": (0, store(row(name="../etc/passwd"))),
    "store_upper_hash": (0, store(row(hash=HASH.upper()))),
    "store_short_hash": (0, store(row(hash="abc"))),
    "store_scope_array": (0, store(row(scope=["x"]))),
    "store_expires_number": (0, store(row(expires_at=1700000000))),
    "store_local_only_text": (0, store(row(local_only="true"))),
    "store_row_string": (0, store("ci")),
    "store_not_json": (0, "version=2"),
    "store_array": (0, "[]"),
    "scope_agent": (1, "agent"),
    "scope_full": (1, "x402_module:httpGet,createSpendRequest; wallet_module:get_*, list_accounts; core:load_module"),
    "scope_star": (1, "m:*"),
    "scope_chain_action": (1, "m:chainAction"),
    "scope_core_unknown": (1, "core:call"),
    "scope_empty_entry": (1, "a:x;;b:y"),
    "scope_inner_star": (1, "a:g*t"),
    "scope_no_colon": (1, "x402_module"),
    "expires_seconds": (2, "2s"),
    "expires_days": (2, "30d"),
    "expires_date": (2, "2027-02-28"),
    "expires_leap": (2, "2028-02-29"),
    "expires_not_leap": (2, "2027-02-29"),
    "expires_datetime": (2, "2027-03-01T12:30:05Z"),
    "expires_offset": (2, "2027-03-01T12:30:05+01:00"),
    "expires_overflow": (2, "999999999999d"),
    "expires_last": (2, "9999-12-31T23:59:59Z"),
}

os.makedirs(ROOT, exist_ok=True)
for name, (selector, text) in seeds.items():
    with open(os.path.join(ROOT, name), "wb") as f:
        f.write(bytes([selector]) + text.encode())
print(f"{len(seeds)} seeds in {ROOT}")
