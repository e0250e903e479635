#!/usr/bin/env python3
"""Writes the committed seed corpora fuzz/corpus/<target>/ (a handful of small inputs each,
valid encodings first, then a few near misses). Protobuf is built by hand here, independent of
the C++ encoders, so the seeds also pin the wire format. Run from anywhere; it rewrites the
seed files it owns and leaves other files (for example inputs libFuzzer added) alone."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def tag(field, wt):
    return varint(field << 3 | wt)


def fv(field, n):  # varint field
    return tag(field, 0) + varint(n)


def fz(field, n):  # sint64 field (zigzag)
    return fv(field, ((n << 1) ^ (n >> 63)) & 0xFFFFFFFFFFFFFFFF)


def fb(field, b):  # length-delimited field
    if isinstance(b, str):
        b = b.encode()
    return tag(field, 2) + varint(len(b)) + b


def frame(b):
    return varint(len(b)) + b


H1 = bytes(range(32))
H2 = bytes([0xAB] * 32)
TOPIC = "/waku/2/default-waku/proto"
CTOPIC = "/waku/2/default-content/proto"


def waku_message(full=True):
    m = fb(1, bytes.fromhex("010203045445535405060708")) + fb(2, CTOPIC)
    if full:
        m += fv(3, 1) + fz(10, 0x175789BFA23F8400) + fb(11, b"super-secret") + fb(21, b"\x01\x02") + fv(31, 0)
    return m


def store_request_seeds():
    full = (fb(1, "req-1") + fv(2, 1) + fb(10, TOPIC) + fb(11, CTOPIC) + fb(11, "/app/1/chat/proto")
            + fz(12, 1_700_000_000_000_000_000) + fz(13, -5) + fb(30, b"\x1a\x02\x08\x01")
            + fb(51, H1) + fv(52, 1) + fv(53, 50))
    return {
        "full": full,
        "minimal": fb(1, "r") + fv(2, 0) + fv(52, 0),
        "proto3_defaults_dropped": fb(1, "r"),
        "hash_lookup": fb(1, "h") + fv(2, 0) + fb(20, H1) + fb(20, H2) + fv(52, 1),
        "unknown_fields": fb(1, "u") + fv(2, 1) + fv(95, 7) + tag(96, 1) + bytes(8) + fb(97, b"x") + tag(98, 5) + bytes(4) + fv(52, 0),
        "missing_request_id": fv(2, 1) + fv(52, 1),
        "cursor_wrong_length": fb(1, "c") + fb(51, H1[:31]),
        "truncated": full[:-2],  # cut inside pagination_limit
    }


def store_response_seeds():
    kv_full = fb(1, H1) + fb(2, waku_message()) + fb(3, TOPIC)
    kv_hash = fb(1, H2)
    return {
        "success_with_data": fb(1, "req-1") + fv(10, 200) + fb(11, "OK") + fb(20, kv_full) + fb(20, kv_hash) + fb(51, H2),
        "empty_success": fb(1, "r") + fv(10, 200) + fb(11, ""),
        "eligibility_failure": fb(1, "r") + fv(10, 400) + fb(11, "BAD_REQUEST") + fb(30, fv(1, 2) + fb(2, "proof invalid")),
        "unknown_status": fb(1, "r") + fv(10, 418) + fb(11, "teapot"),
        "missing_status_desc": fb(1, "r") + fv(10, 200),
        "message_without_topic": fb(1, "r") + fv(10, 200) + fb(11, "OK") + fb(20, fb(1, H1) + fb(2, waku_message(False))),
    }


def lightpush_request_seeds():
    return {
        "full": fb(1, "lp-1") + fb(20, TOPIC) + fb(21, waku_message()),
        "autosharding": fb(1, "lp-2") + fb(21, waku_message(False)),
        "missing_message": fb(1, "lp-3") + fb(20, TOPIC),
        "unknown_field_22": fb(1, "lp-4") + fb(21, waku_message(False)) + fb(22, b"\x0a\x01\x00"),
    }


def lightpush_response_seeds():
    return {
        "success": fb(1, "lp-1") + fv(10, 200) + fb(11, "OK") + fv(12, 3),
        "minimal": fb(1, "lp-1") + fv(10, 505),
        "unknown_code": fb(1, "x") + fv(10, 999),
        "missing_status": fb(1, "x"),
    }


def waku_metadata_seeds():
    # libp2p.md §8: what nwaku, js-waku and libprotobuf send, then near misses.
    packed = lambda shards: b"".join(varint(s) for s in shards)
    return {
        "spec_example": fv(1, 1) + b"".join(fv(2, s) for s in range(8)) + fb(3, packed(range(8))),
        "js_waku_request": fv(1, 1),
        "js_waku_unpacked": fv(1, 1) + fv(2, 0) + fv(2, 3),
        "packed_field_2": fv(1, 0) + fb(2, packed([0, 1, 1023])),
        "field_3_two_chunks": fb(3, packed([1])) + fb(3, packed([2, 300])) + fv(1, 42),
        "unknown_fields": fv(4, 9) + fv(1, 1) + fb(7, b"x"),
        "cluster_twice": fv(1, 1) + fv(1, 2),
        "shard_above_u32": fv(2, 1 << 32),
        "packed_cut": fb(3, b"\x80"),
        "empty": b"",
    }


def eligibility_proof_seeds():
    vault_proof = (fb(1, (7).to_bytes(8, "little")) + fb(2, bytes([0x11] * 32)) + fb(3, bytes([0x22] * 32))
                   + fb(4, bytes([0x33] * 64)) + fb(5, bytes(32)))
    params = fb(1, "/vac/waku/store-query/3.0.0") + fv(2, 10) + fv(3, 1000) + fv(4, 1_700_000_300)
    proposal = fb(1, vault_proof) + fb(2, params) + fb(3, bytes([0x44] * 32))
    proof = fb(1, (3).to_bytes(8, "little")) + fb(2, bytes([0x55] * 64))
    return {
        "stream_proposal": fb(2, proposal),
        "stream_proof": fb(3, proof),
        "proof_of_payment": fb(1, b'{"x402Version":2,"payload":{}}'),
        "two_arms": fb(2, proposal) + fb(3, proof),
        "short_signature": fb(3, fb(1, (3).to_bytes(8, "little")) + fb(2, bytes(63))),
        "empty": b"",
    }


def frame_reader_seeds():
    # byte 0: limit selector (index into {0,1,16,300,1024,1MiB}); byte 1: chunk size - 1
    two = frame(b"\x0a\x01a") + frame(b"") + frame(bytes(20))
    return {
        "two_frames_limit_1024": bytes([4, 2]) + two,
        "frame_over_limit_16": bytes([2, 0]) + frame(bytes(20)),
        "partial_frame": bytes([5, 7]) + varint(500) + bytes(10),
        "overlong_prefix": bytes([4, 0]) + b"\x81\x00",
        "multistream_handshake": bytes([4, 3]) + frame(b"/multistream/1.0.0\n") + frame(b"/vac/waku/store-query/3.0.0\n"),
    }


def multistream_seeds():
    return {
        "handshake": frame(b"/multistream/1.0.0\n"),
        "store_protocol": frame(b"/vac/waku/store-query/3.0.0\n"),
        "na": frame(b"na\n"),
        "missing_newline": frame(b"na"),
        "trailing": frame(b"na\n") + b"\x00",
    }


TARGETS = {
    "store_request": store_request_seeds,
    "store_response": store_response_seeds,
    "lightpush_request": lightpush_request_seeds,
    "lightpush_response": lightpush_response_seeds,
    "waku_metadata": waku_metadata_seeds,
    "eligibility_proof": eligibility_proof_seeds,
    "frame_reader": frame_reader_seeds,
    "multistream": multistream_seeds,
}


def main():
    for target, seeds in TARGETS.items():
        d = os.path.join(HERE, "corpus", target)
        os.makedirs(d, exist_ok=True)
        for name, data in seeds().items():
            with open(os.path.join(d, "seed_" + name), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
