"""payment_streams_module getStreamHistory through the logoscore CLI, checked against the chain:
every state the stream account held (create, top-up, pause, resume, claim) in block order, each
decoded exactly as lez-localnet's own getAccountHistory stores the account bytes (StreamConfig
layout of lez/streams/accounts.h), amounts as u128 decimal strings, and paging by
since_block/next_since_block that neither repeats nor skips a state."""
import re
import struct

from framework import log
from streams_common import PROVIDER, USER, StreamsTestCase

STATES = {0: "Active", 1: "Paused", 2: "Closed"}
DECIMAL = re.compile(r"^(0|[1-9][0-9]*)$")


def decode_stream_config(data):
    """StreamConfig (90 bytes): version u8 | stream_id u64 | provider [32] | rate u64 |
    allocation u128 | accrued u128 | state u8 | accrued_as_of u64, little-endian."""
    b = bytes(data)
    assert len(b) == 90, len(b)
    u128 = lambda off: int.from_bytes(b[off:off + 16], "little")
    return {"version": b[0], "stream_id": struct.unpack_from("<Q", b, 1)[0], "rate": struct.unpack_from("<Q", b, 41)[0],
            "allocation": str(u128(49)), "accrued": str(u128(65)), "state": STATES[b[81]],
            "accrued_as_of": struct.unpack_from("<Q", b, 82)[0]}


class StreamHistory(StreamsTestCase):
    def test_history_matches_the_chain_state_by_state(self):
        self.new_vault(deposit=5000)
        created = self.ps(self.user, "createStream", {"owner": USER, "vault_id": 0, "provider": PROVIDER, "rate": 3,
                                                      "allocation": "1000"})
        sid = created["stream_id"]
        txs = [created["tx_hash"]]
        self.net.advance(10)
        txs.append(self.ps(self.user, "topUpStream", {"owner": USER, "vault_id": 0, "stream_id": sid, "increase": "250"})["tx_hash"])
        self.net.advance(5)
        txs.append(self.ps(self.user, "pauseStream", {"owner": USER, "vault_id": 0, "stream_id": sid})["tx_hash"])
        self.net.advance(7)
        txs.append(self.ps(self.user, "resumeStream", {"owner": USER, "vault_id": 0, "stream_id": sid})["tx_hash"])
        self.net.advance(4)
        txs.append(self.ps(self.provider, "claim", {"owner": USER, "provider": PROVIDER, "vault_id": 0, "stream_id": sid})["tx_hash"])

        h = self.ps(self.user, "getStreamHistory", {"owner": USER, "vault_id": 0, "stream_id": sid})
        self.assertEqual((h["owner"], h["vault_id"], h["stream_id"]), (USER, 0, sid))
        self.assertIsNone(h["next_since_block"])
        chain = self.net.rpc("getAccountHistory", {"account_id": h["stream_account"]})
        log(f"{len(h['entries'])} states of {h['stream_account']}; the chain holds {len(chain['entries'])}")
        self.assertEqual(len(h["entries"]), len(chain["entries"]))
        self.assertEqual(len(h["entries"]), len(txs), "one state per write")
        blocks = [self.net.wait_status(tx)["block_id"] for tx in txs]
        self.assertEqual([e["block_id"] for e in h["entries"]], blocks, "each state at the block of its write")
        for mine, theirs in zip(h["entries"], chain["entries"]):
            self.assertEqual((mine["block_id"], mine["timestamp_ms"]), (theirs["block_id"], theirs["timestamp_ms"]))
            expected = decode_stream_config(theirs["account"]["data"])
            got = {k: mine["stored"][k] for k in expected}
            self.assertEqual(got, expected, f"block {mine['block_id']}")
            for amount in ("allocation", "accrued"):
                self.assertIsInstance(mine["stored"][amount], str)
                self.assertRegex(mine["stored"][amount], DECIMAL)
            self.assertEqual(mine["stored"]["provider"], PROVIDER)

        log("the states tell the story: created, topped up, paused with 15 s accrued, resumed, claimed")
        states = [e["stored"] for e in h["entries"]]
        self.assertEqual([s["state"] for s in states], ["Active", "Active", "Paused", "Active", "Active"])
        self.assertEqual([s["allocation"] for s in states[:3]], ["1000", "1250", "1250"])
        self.assertEqual(states[2]["accrued"], "45", "rate 3 for 15 s before the pause")
        self.assertEqual(states[3]["accrued"], "45", "nothing accrues while paused")
        self.assertEqual(states[4]["accrued"], "0", "the claim takes what accrued")
        self.assertEqual(int(states[4]["allocation"]), 1250 - 45 - 12)

        log("paging: two at a time, from next_since_block, gives the same states once each")
        paged, since = [], 0
        for _ in range(10):
            page = self.ps(self.user, "getStreamHistory", {"owner": USER, "vault_id": 0, "stream_id": sid, "since_block": since, "limit": 2})
            paged += page["entries"]
            if page["next_since_block"] is None:
                break
            since = page["next_since_block"]
        self.assertEqual(paged, h["entries"])
        r = self.ps_raw(self.user, "getStreamHistory", {"owner": USER, "vault_id": 0, "stream_id": sid, "limit": 0})
        self.expect_error(r, "INVALID_ARGS", "limit")
