#!/usr/bin/env python3
"""Writes the seed corpora of the libp2p fuzz targets (fuzz/corpus/<target>/) from the byte
vectors of spec libp2p.md (§2, §3, §5, §6, §12). Re-run after changing a seed; the files are
committed and replayed by ctest (fuzz_replay_<target>)."""
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def lp(b: bytes) -> bytes:
    out = bytearray()
    n = len(b)
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out) + b


def mss(text: str) -> bytes:
    return lp(text.encode() + b"\n")


def yamux(t, flags, sid, length, payload=b""):
    return bytes([0, t]) + flags.to_bytes(2, "big") + sid.to_bytes(4, "big") + length.to_bytes(4, "big") + payload


def write(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


SECP_PUB = bytes.fromhex("08021221037777e994e452c21604f91de093ce415f5432f701dd8cd1a7a6fea0e630bfca99")
ED_PUB = bytes.fromhex("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e")

write("libp2p_keys", "seed_secp256k1_key", SECP_PUB)
write("libp2p_keys", "seed_ed25519_key", ED_PUB)
write("libp2p_keys", "seed_identity_multihash", bytes([0, len(SECP_PUB)]) + SECP_PUB)
write("libp2p_keys", "seed_sha256_multihash", bytes([0x12, 0x20]) + bytes(range(32)))
write("libp2p_keys", "seed_peer_id_text", b"16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY")
write("libp2p_keys", "seed_cid_text", b"bafzaajiiaijcca3xo7uzjzcsyilaj6i54cj44qk7kqzpoao5rti2pjx6udtdbp6kte")
write("libp2p_keys", "seed_missing_data", bytes.fromhex("0802"))

HEADER = mss("/multistream/1.0.0")
write("multistream_select", "seed_noise", bytes([40]) + HEADER + mss("/noise"))
write("multistream_select", "seed_yamux_echo", bytes([3]) + HEADER + mss("/yamux/1.0.0"))
write("multistream_select", "seed_na_then_yamux", bytes([20]) + HEADER + mss("na") + mss("/yamux/1.0.0"))
write("multistream_select", "seed_pipelined", bytes([255]) + HEADER + mss("/ipfs/id/1.0.0") + bytes(32))
write("multistream_select", "seed_bad_header", bytes([0]) + mss("/noise"))
write("multistream_select", "seed_oversized", bytes([1]) + HEADER + bytes.fromhex("818008"))

write("noise_handshake", "seed_message_a", bytes([0, 32]) + bytes(range(32)))
write("noise_handshake", "seed_short_message", bytes([0, 5]) + b"hello")
write("noise_handshake", "seed_message_b_shape", bytes([0, 200]) + bytes(200))
write("noise_handshake", "seed_payload", bytes([0x0a, len(SECP_PUB)]) + SECP_PUB + bytes([0x12, 0x03, 0x30, 0x01, 0x00]))
write("noise_handshake", "seed_payload_with_extensions",
      bytes([0x0a, len(ED_PUB)]) + ED_PUB + bytes([0x12, 0x02, 1, 2]) + bytes.fromhex("220e120c2f79616d75782f312e302e30"))
write("noise_handshake", "seed_truncated_frame", bytes([0xff, 0xff, 1, 2, 3]))

write("yamux_frames", "seed_open_data_fin",
      yamux(1, 1, 1, 0) + yamux(0, 0, 1, 5, b"hello") + yamux(1, 4, 1, 0))
write("yamux_frames", "seed_ping", yamux(2, 1, 0, 7) + yamux(2, 2, 0, 7))
write("yamux_frames", "seed_go_away", yamux(3, 0, 0, 0))
write("yamux_frames", "seed_rst_and_window", yamux(1, 1, 3, 0) + yamux(1, 0, 3, 1000) + yamux(1, 8, 3, 0))
write("yamux_frames", "seed_window_exceeded", yamux(1, 1, 1, 0) + yamux(0, 0, 1, 300000))
write("yamux_frames", "seed_server_streams", yamux(1, 1, 2, 0) + yamux(1, 2, 1, 0) + yamux(0, 4, 2, 2, b"ok"))
write("yamux_frames", "seed_bad_version", bytes([1]) + yamux(1, 1, 1, 0)[1:])

ident = (bytes([0x0a, len(SECP_PUB)]) + SECP_PUB + lp(bytes.fromhex("047f00000106ea60")).join([b"\x12", b""])
         + b"\x1a" + lp(b"/ipfs/id/1.0.0") + b"\x1a" + lp(b"/ipfs/ping/1.0.0")
         + b"\x2a" + lp(b"ipfs/0.1.0") + b"\x32" + lp(b"lez-pay/0.1.0"))
write("identify", "seed_full", ident)
write("identify", "seed_empty", b"")
write("identify", "seed_signed_record_skipped", b"\x42\x03abc")
write("identify", "seed_bad_utf8", b"\x1a\x01\xff")
