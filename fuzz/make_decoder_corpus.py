#!/usr/bin/env python3
"""Writes the seed corpora of the decoder fuzz targets that read peers and files outside the codec
libraries: HTTP request/response parsers, URLs and queries, JSON-RPC, LEZ chain data, delivery's
frame buffer and request policy, archive urls, metadata.json, genesis files, the wallet's
sequencer answers and module state files. Valid inputs first (taken from the repository's
vectors, fixtures and metadata files where they exist, so that coverage reaches deep), then near
misses. Stdlib only. Rewrites only the seed_* files it owns; the keystore and signed x402 seeds
come from fuzz/make_signed_seeds.cpp (they need real cryptography)."""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, "seed_" + name), "wb") as f:
        f.write(data)


def read(*parts):
    with open(os.path.join(ROOT, *parts), "rb") as f:
        return f.read()


def http_request():
    t = "http_request_parser"
    # First byte: chunk size selector of the target (1 + b % 64).
    get = "GET /weather?city=Z%C3%BCrich&units=metric HTTP/1.1\r\nHost: 127.0.0.1:8402\r\nAccept: */*\r\n\r\n"
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "getLastBlockId", "params": []})
    post = f"POST /rpc HTTP/1.1\r\nhost: 127.0.0.1:3040\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n{body}"
    sig = "GET /weather HTTP/1.1\r\nHost: h\r\nPAYMENT-SIGNATURE: eyJ4NDAyVmVyc2lvbiI6Mn0=\r\nConnection: close\r\n\r\n"
    write(t, "get", "\x00" + get)
    write(t, "post_json_chunked_7", "\x06" + post)
    write(t, "pipelined", "\x02" + get + post + sig)
    write(t, "http10_keepalive", "\x03GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
    write(t, "leading_crlf", "\x00\r\n\r\nGET / HTTP/1.1\r\n\r\n")
    write(t, "chunked_body_501", "\x00POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
    write(t, "http2_505", "\x00GET / HTTP/2.0\r\n\r\n")
    write(t, "conflicting_lengths", "\x00POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")
    write(t, "obs_fold", "\x00GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n")
    write(t, "body_too_large_413", "\x00POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n")
    write(t, "control_in_value", "\x00GET / HTTP/1.1\r\nX: a\x01b\r\n\r\n")
    write(t, "absolute_form", "\x00GET http://h/ HTTP/1.1\r\n\r\n")
    write(t, "partial", "\x05POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")


def http_response():
    t = "http_response_parser"
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "result": 42})
    ok = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n{body}"
    req = "eyJ4NDAyVmVyc2lvbiI6MiwiYWNjZXB0cyI6W119"
    pay = f"HTTP/1.1 402 Payment Required\r\nPAYMENT-REQUIRED: {req}\r\nContent-Length: 2\r\n\r\n{{}}"
    chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
    write(t, "length", "\x00" + ok)
    write(t, "length_chunked_feed", "\x04" + ok)
    write(t, "payment_required", "\x00" + pay)
    write(t, "chunked", "\x02" + chunked)
    write(t, "until_close", "\x00HTTP/1.0 200 OK\r\nServer: x\r\n\r\nbody until the connection closes")
    write(t, "head", "\x40HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
    write(t, "no_content", "\x00HTTP/1.1 204 No Content\r\n\r\n")
    write(t, "continue", "\x00HTTP/1.1 100 Continue\r\n\r\n")
    write(t, "short_body", "\x00HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
    write(t, "bad_chunk_size", "\x00HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
    write(t, "gzip_coding", "\x00HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n")
    write(t, "status_020", "\x00HTTP/1.1 020 OK\r\nContent-Length: 0\r\n\r\n")
    write(t, "no_reason", "\x00HTTP/1.1 500\r\nContent-Length: 0\r\n\r\n")
    write(t, "big_header", "\x00HTTP/1.1 200 OK\r\nX: " + "a" * 3000 + "\r\nContent-Length: 0\r\n\r\n")
    write(t, "chunk_over_limit", "\x00HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffff\r\n")


def url_query():
    t = "url_query"
    for name, text in [("http_port", "http://127.0.0.1:3040/"), ("https_default", "https://lez.example.org"),
                       ("ipv6", "http://[::1]:8402/weather?x=1"), ("query_only", "http://h?x=1"),
                       ("userinfo", "http://u:p@h/"), ("fragment", "http://h/#f"), ("port_0", "http://h:0/"),
                       ("port_big", "http://h:65536/"), ("crlf_target", "http://h/a\r\nX-Injected: 1"),
                       ("space_host", "http://evil host/"), ("bracket_junk", "http://[::1]x/"),
                       ("colon_host", "http://a]:b:80/"),
                       ("query", "a=1&b=Z%C3%BCrich&c=x+y&&d"), ("query_bad_escape", "a=%G1"),
                       ("query_trailing_percent", "a=%4")]:
        write(t, name, text)


def jsonrpc():
    t = "jsonrpc"
    big = "340282366920938463463374607431768211455"
    seeds = {
        "request_array": '{"jsonrpc":"2.0","id":7,"method":"getAccount","params":["9pTMysZDzKKcf7uqh26YDkJvHfwBkSfG6ifbwxB1d5LQ"]}',
        "request_named": '{"jsonrpc":"2.0","id":"a","method":"getBalance","params":{"account_id":"x"}}',
        "notification": '{"jsonrpc":"2.0","method":"ping"}',
        "request_null_id": '{"jsonrpc":"2.0","id":null,"method":"m"}',
        "batch": '[{"jsonrpc":"2.0","id":1,"method":"m"}]',
        "bad_version": '{"jsonrpc":"1.0","id":1,"method":"m"}',
        "float_id": '{"jsonrpc":"2.0","id":1.5,"method":"m"}',
        "result_big": '{"jsonrpc":"2.0","id":7,"result":{"balance":' + big + ',"nonce":"5"}}',
        "result_neg_big": '{"jsonrpc":"2.0","id":7,"result":-' + big + '}',
        "error": '{"jsonrpc":"2.0","id":7,"error":{"code":-31999,"message":"block not found","data":{"x":1}}}',
        "error_no_code": '{"jsonrpc":"2.0","id":7,"error":{"message":"m"}}',
        "error_no_message": '{"jsonrpc":"2.0","id":7,"error":{"code":-32601}}',
        "error_string": '{"jsonrpc":"2.0","id":7,"error":"boom"}',
        "wrong_id": '{"jsonrpc":"2.0","id":8,"result":1}',
        "no_result": '{"jsonrpc":"2.0","id":7}',
        "raw_marker": '{"jsonrpc":"2.0","id":"\\u0001raw-number:1,\\"x\\":2","method":"m"}',
        "floats": '[1e400, -0.0, 1.5e-300, 12345678901234567890123]',
        "deep": "[" * 64 + "]" * 64,
        "truncated": '{"jsonrpc":"2.0","id":7,"res',
    }
    for k, v in seeds.items():
        write(t, k, v)


def lez_chain_data():
    t = "lez_chain_data"
    core = json.load(open(os.path.join(ROOT, "tests", "vectors", "lez_core.json")))
    for name, hexs in [("block", core["block"]["block_borsh"]), ("hashable", core["block"]["hashable_borsh"]),
                       ("account", core["account"]["borsh"]), ("clock", core["clock_data"]["borsh"])]:
        b = bytes.fromhex(hexs)
        write(t, name, b)
        write(t, name + "-truncated", b[:-1])
        write(t, name + "-trailing", b + b"\x00")
    b = bytes.fromhex(core["block"]["block_borsh"])
    write(t, "header", b[:8 + 32 + 32 + 8 + 64])
    bad = bytearray(b)
    bad[8 + 32 + 32 + 8 + 64] = 9  # bedrock_status or the body's first byte
    write(t, "block-bad-status", bytes(bad))


def frame_buffer():
    t = "frame_buffer"

    def frame(payload):
        n, out = len(payload), bytearray()
        while n >= 0x80:
            out.append((n & 0x7F) | 0x80)
            n >>= 7
        out.append(n)
        return bytes(out) + payload

    ms = frame(b"/multistream/1.0.0\n") + frame(b"/vac/waku/store-query/3.0.0\n")
    # byte 0: chunk size, byte 1: limit selector (0 -> 0,1,16,127,... ; 5 -> 1024 first).
    write(t, "multistream", b"\x03\x05" + ms)
    write(t, "store_request", b"\x00\x06" + frame(bytes(range(200))))
    write(t, "two_frames_small_limits", b"\x01\x02" + frame(b"x" * 16) + frame(b"y" * 100))
    write(t, "too_large", b"\x00\x01" + frame(b"z" * 20))
    write(t, "overlong_prefix", b"\x00\x05\x80\x00")
    write(t, "ten_byte_prefix", b"\x00\x07" + b"\xff" * 9 + b"\x01")
    write(t, "partial_prefix_over_limit", b"\x00\x05\xff\xff")
    write(t, "empty_frame", b"\x00\x00\x00")


def store_request_policy():
    t = "store_request_policy"
    src = os.path.join(HERE, "corpus", "store_request")
    for name in sorted(os.listdir(src)):
        if name.startswith("seed_"):
            with open(os.path.join(src, name), "rb") as f:
                write(t, "request_" + name[5:], f.read())
    src = os.path.join(HERE, "corpus", "eligibility_proof")
    for name in sorted(os.listdir(src)):
        if name.startswith("seed_"):
            with open(os.path.join(src, name), "rb") as f:
                write(t, "proof_" + name[5:], f.read())
    answers = {
        "ok": {"status": "ok", "eligibility": "OK"},
        "wrapped_ok": {"status": "ok", "result": {"status": "ok", "eligibility": "OK"}},
        "payment_required": {"status": "error", "eligibility": "PAYMENT_REQUIRED", "message": "pay 10 to x"},
        "unknown_verdict": {"status": "error", "eligibility": "MAYBE", "message": "?"},
        "ok_without_verdict": {"status": "ok"},
        "error_code_number": {"status": "error", "code": 5},
        "error_code_string": {"status": "error", "code": "ACCESS_DENIED"},
        "long_message": {"status": "error", "eligibility": "PROOF_INVALID", "message": "\u00e9" * 400},
        "not_envelope": [1, 2],
    }
    for k, v in answers.items():
        write(t, "answer_" + k, json.dumps(v))


def archive_url():
    t = "archive_url"
    for name, text in [("sqlite_rel", "sqlite:archive.db"), ("sqlite_abs", "sqlite:///var/lib/x/archive.db"),
                       ("sqlite_memory", "sqlite::memory:"), ("pg_full", "postgresql://lez:s%40cret@db.local:5433/store?schema=node_a"),
                       ("pg_ipv6", "postgres://u@[::1]/store"), ("pg_min", "postgresql://h/d"),
                       ("pg_password_slash", "postgresql://u:pa/ss@h/db"), ("pg_bad_schema", "postgresql://h/d?schema=Drop"),
                       ("pg_port_0", "postgresql://h:0/d"), ("pg_no_db", "postgresql://h"), ("mysql", "mysql://h/d"),
                       ("pg_bad_escape", "postgresql://u%zz@h/d"), ("pg_bracket_in_ipv6", "postgresql://u@[[0]/store")]:
        write(t, name, text)


def module_metadata():
    t = "module_metadata"
    base = None
    for m in sorted(os.listdir(os.path.join(ROOT, "modules"))):
        p = os.path.join(ROOT, "modules", m, "metadata.json")
        if os.path.exists(p):
            write(t, m, read("modules", m, "metadata.json"))
            base = json.loads(read("modules", m, "metadata.json"))
    bad = {
        "dep_not_string": dict(base, dependencies=["wallet_module", 3]),
        "dep_self": dict(base, dependencies=[base["name"]]),
        "dep_twice": dict(base, dependencies=["a", "a"]),
        "bad_name": dict(base, name="../x"),
        "bad_main": dict(base, main="other_plugin"),
        "legacy_interface": {k: v for k, v in base.items() if k != "interface"},
        "type_qml": dict(base, type="ui_qml"),
        "name_number": dict(base, name=5),
    }
    for k, v in bad.items():
        write(t, k, json.dumps(v))
    write(t, "not_json", "{\"name\": ")


def genesis():
    t = "genesis"
    text = read("fixtures", "localnet_genesis.json")
    write(t, "fixture", text)
    g = json.loads(text)
    first = g["accounts"][0]
    write(t, "owner_hex", json.dumps({"accounts": [dict(first, owner="ab" * 32)]}))
    write(t, "owner_number", json.dumps({"accounts": [dict(first, owner=5)]}))
    write(t, "faucet_string", json.dumps({"accounts": [dict(first, faucet="yes")]}))
    write(t, "faucet_without_key", json.dumps({"accounts": [{k: v for k, v in first.items() if k != "secret_key_hex"}]}))
    write(t, "wrong_key", json.dumps({"accounts": [dict(first, secret_key_hex=g["accounts"][1]["secret_key_hex"])]}))
    write(t, "twice", json.dumps({"accounts": [first, first]}))
    write(t, "balance_number", json.dumps({"accounts": [dict(first, balance=5)]}))
    write(t, "balance_overflow", json.dumps({"accounts": [dict(first, balance="340282366920938463463374607431768211456")]}))
    write(t, "no_accounts", "{}")


def wallet_sequencer_answers():
    t = "wallet_sequencer_answers"
    big = "340282366920938463463374607431768211455"

    def res(r):
        return '{"jsonrpc":"2.0","id":1,"result":' + r + "}"

    account = '{"program_owner":[1,2,3,4,5,6,7,4294967295],"balance":' + big + ',"nonce":"3","data":[0,1,255]}'
    write(t, "account", res(account))
    write(t, "account_word_over", res(account.replace("4294967295", "4294967296")))
    write(t, "account_data_300", res(account.replace("255]", "300]")))
    write(t, "account_balance_over", res(account.replace(big, big[:-1] + "6")))
    write(t, "last_block_id", res("42"))
    write(t, "tx_hash", res('"' + "d511d15330d7e974236246d075ae8e8422e67398389e197811855855a4770167" + '"'))
    write(t, "tx_hash_short", res('"d511"'))
    write(t, "status_included", res('{"status":"included","block_id":17}'))
    write(t, "status_block_id_string", res('{"status":"included","block_id":"17"}'))
    write(t, "status_rejected", res('{"status":"rejected","code":"GUEST_ERROR","guest_code":6004,"guest_name":"X"}'))
    write(t, "get_transaction", res('["AAAA", 9]'))
    write(t, "null", res("null"))
    write(t, "error", '{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found"}}')
    write(t, "error_without_code", '{"jsonrpc":"2.0","id":1,"error":{"message":"m"}}')
    write(t, "wrong_id", '{"jsonrpc":"2.0","id":2,"result":1}')
    write(t, "html", "<html>502 Bad Gateway</html>")


def module_state_files():
    t = "module_state_files"
    key = "b8e29ebd06468e97b7992561fc32a6ae28c856b9ca078bf6bc75b3a2724aec03"
    write(t, "node_key", json.dumps({"secret_key_hex": key}) + "\n")
    write(t, "node_key_upper", json.dumps({"secret_key_hex": key.upper()}))
    write(t, "node_key_zero", json.dumps({"secret_key_hex": "00" * 32}))
    write(t, "node_key_order", json.dumps({"secret_key_hex": "ff" * 32}))
    write(t, "node_key_short", json.dumps({"secret_key_hex": key[:-2]}))
    write(t, "node_key_number", json.dumps({"secret_key_hex": 5}))
    write(t, "node_key_array", "[]")


def b58(data):
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    n, out = int.from_bytes(data, "big"), ""
    while n:
        n, r = divmod(n, 58)
        out = alphabet[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def payment_streams_state():
    t = "payment_streams_state"
    g = json.loads(read("fixtures", "localnet_genesis.json"))
    ids = {a["name"]: a["account_id"] for a in g["accounts"]}
    user, provider = ids["user"], ids["provider"]
    params = {"service_id": "store.v3", "stream_rate": 2, "allocation": 1000, "create_stream_deadline": 1750000600}
    session_key = "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    state = {
        "schema_version": 1,
        "config": {"program_id": "ab" * 32, "clock_account": b58(b"/LEZ/ClockProgramAccount/0000001"),
                   "at_program_id": "cd" * 32, "wallet_timeout_ms": 15000, "tx_timeout_ms": 30000},
        "provider_policy": {"provider_account": provider, "service_id": "store.v3", "min_rate": 1, "min_allocation": 10,
                            "max_create_stream_deadline_delay": 3600, "accepted_tokens": ["00" * 32],
                            "replay_window": 64, "max_sessions": 8, "max_proposal_attempts": 5,
                            "proposal_attempt_window_seconds": 60},
        "user_terms": {"owner": user, "vault_id": 1, "rate": 2, "allocation": 1000, "deadline_delay_seconds": 600,
                       "service_id": "store.v3"},
        "peer_mappings": {"16Uiu2HAmPeer": provider},
        "negotiations": {"16Uiu2HAmPeer": {"provider_peer_id": "16Uiu2HAmPeer", "provider": provider, "owner": user,
                                           "vault_id": 1, "session_public_key": session_key, "stream_params": params,
                                           "state": "confirmed", "stream_id": 4}},
        "inventory": [{"owner": user, "vault_id": 1, "stream_id": 4, "provider": provider, "provider_peer_id": "16Uiu2HAmPeer",
                       "tx_hash": "ef" * 32, "origin": "negotiated"}],
        "provider_acceptances": {session_key: {"session_public_key": session_key, "stream_params": params, "vault_id": 1,
                                               "provider_id": provider, "owner_public_key": session_key, "owner": user,
                                               "token_id": "00" * 32, "requester_peer_id": "16Uiu2HAmUser",
                                               "accepted_at": 1750000000, "last_used": 1750000100, "replay_capacity": 64,
                                               "bound_stream_id": 4}},
        "recency_clock": 3,
    }
    write(t, "full", json.dumps(state, indent=1))
    empty = {"schema_version": 1, "config": state["config"], "provider_policy": None, "user_terms": None,
             "peer_mappings": {}, "negotiations": {}, "inventory": [], "provider_acceptances": {}, "recency_clock": 0}
    write(t, "empty", json.dumps(empty))
    write(t, "schema_2", json.dumps(dict(state, schema_version=2)))
    write(t, "bad_program", json.dumps(dict(state, config=dict(state["config"], program_id="xyz"))))
    write(t, "bad_token", json.dumps(dict(state, provider_policy=dict(state["provider_policy"], accepted_tokens=["00"]))))
    write(t, "timeout_string", json.dumps(dict(state, config=dict(state["config"], wallet_timeout_ms="5"))))
    write(t, "huge_replay_capacity", json.dumps(dict(state, provider_acceptances={
        session_key: dict(state["provider_acceptances"][session_key], replay_capacity=2 ** 62)})))
    write(t, "not_json", "{\"schema_version\": 1,")


def main():
    http_request()
    http_response()
    url_query()
    jsonrpc()
    lez_chain_data()
    frame_buffer()
    store_request_policy()
    archive_url()
    module_metadata()
    genesis()
    wallet_sequencer_answers()
    module_state_files()
    payment_streams_state()


if __name__ == "__main__":
    main()
