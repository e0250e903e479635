"""lez-localnet through the wallet module and raw JSON-RPC: transfers, replays, bad nonces and
signatures, malformed input, conservation of balances, kill -9 with no loss, and the test clock
(--manual-blocks and produceBlock), an account's history (getAccountHistory)."""
import base64
import json
import os
import subprocess
import time
import unittest

from framework import GENESIS, LOCALNET, PRODUCT_MODULES, DaemonTestCase, RpcError, genesis_accounts, log

G = genesis_accounts()


def total_balance(net):
    return sum(int(net.rpc("getAccountBalance", [a["account_id"]])) for a in G.values())


CLOCK01 = "4BdcjoXkq786TMWcBGGHqcxeLYMZmn17rL4eM9ZyRWNU"  # the clock account updated every block


def clock_of(net):
    """(block_id, timestamp_ms) held by the every-block clock account."""
    data = bytes(net.rpc("getAccount", [CLOCK01])["data"])
    return int.from_bytes(data[:8], "little"), int.from_bytes(data[8:16], "little")


class LocalnetTestCase(DaemonTestCase):
    localnet_args = {}

    def setUp(self):
        super().setUp()
        self.require_modules("wallet_module")
        self.net = self.start_localnet(**self.localnet_args)
        self.node = self.start_daemon("user", module_dirs=[PRODUCT_MODULES])
        self.node.load("wallet_module")
        self.call("configure", self.net.url)
        self.call("create_new", "str:test password")
        for name in ("user", "provider"):
            self.call("import_account_private_key", "str:" + G[name]["secret_key_hex"])

    def call(self, op, *args):
        return self.assert_ok(self.node.call("wallet_module", op, *args))["result"]

    def sign_transfer(self, sender, recipient, amount):
        return self.call("sign_transfer_public", G[sender]["account_id"], G[recipient]["account_id"], f"str:{amount}")


class LocalnetTransfers(LocalnetTestCase):
    def test_transfers_move_exact_amounts_and_conserve_balances(self):
        before = {n: int(self.net.rpc("getAccountBalance", [G[n]["account_id"]])) for n in ("user", "provider")}
        total = total_balance(self.net)
        log("two transfers in a row from one signer (nonce 0 then 1)")
        r1 = self.call("transfer_public", G["user"]["account_id"], G["provider"]["account_id"], "str:1234")
        r2 = self.call("transfer_public", G["user"]["account_id"], G["provider"]["account_id"], "str:66")
        self.assertEqual((r1["tx_status"], r2["tx_status"]), ("included", "included"))
        after = {n: int(self.net.rpc("getAccountBalance", [G[n]["account_id"]])) for n in ("user", "provider")}
        self.assertEqual(after["user"], before["user"] - 1300)
        self.assertEqual(after["provider"], before["provider"] + 1300)
        self.assertEqual(total_balance(self.net), total)
        account = self.call("get_account_public", G["user"]["account_id"])
        self.assertEqual(account["nonce_decimal"], "2")
        self.assertEqual(self.call("get_balance", G["provider"]["account_id"])["balance"], str(after["provider"]))
        # The faucet genesis balance is above 2^64: it must come back exact.
        self.assertEqual(self.net.rpc("getAccountBalance", [G["faucet"]["account_id"]]), int(G["faucet"]["balance"]))

    def test_replay_is_refused(self):
        signed = self.sign_transfer("user", "provider", 10)
        self.assertFalse(signed["broadcast"])
        tx_hash = self.net.rpc("sendTransaction", [signed["transaction_base64"]])
        self.assertEqual(tx_hash, signed["tx_hash"])
        self.assertEqual(self.net.wait_status(tx_hash)["status"], "included")
        with self.assertRaises(RpcError) as e:
            self.net.rpc("sendTransaction", [signed["transaction_base64"]])
        self.assertEqual(e.exception.error["code"], -32602)
        self.assertEqual(e.exception.error["data"]["reason"], "ALREADY_INCLUDED")

    def test_wrong_nonce_is_rejected_with_reason(self):
        first = self.sign_transfer("user", "provider", 5)
        second = self.sign_transfer("user", "provider", 6)  # same nonce: signed before the first landed
        self.assertEqual(first["nonces"], second["nonces"])
        h1 = self.net.rpc("sendTransaction", [first["transaction_base64"]])
        h2 = self.net.rpc("sendTransaction", [second["transaction_base64"]])
        self.assertEqual(self.net.wait_status(h1)["status"], "included")
        status = self.net.wait_status(h2)
        self.assertEqual(status["status"], "rejected")
        self.assertEqual(status["code"], "NONCE_MISMATCH")
        self.assertIn("nonce", status["message"])
        waited = self.node.call("wallet_module", "wait_for_transaction", "str:" + h2)
        self.assert_error("METHOD_FAILED", waited)
        self.assertEqual(waited.json["error"]["code"], "TX_REJECTED")

    def test_bad_signature_is_refused(self):
        signed = self.sign_transfer("user", "provider", 7)
        raw = bytearray(base64.b64decode(signed["transaction_base64"]))
        raw[-96] ^= 0x01  # first signature byte (signature 64 B, then public key 32 B)
        with self.assertRaises(RpcError) as e:
            self.net.rpc("sendTransaction", [base64.b64encode(bytes(raw)).decode()])
        self.assertEqual(e.exception.error["data"]["reason"], "INVALID_SIGNATURE")

    def test_rejected_program_failure_keeps_balances(self):
        total = total_balance(self.net)
        r = self.node.call("wallet_module", "transfer_public", G["provider"]["account_id"], G["user"]["account_id"],
                           "str:99999999999")
        err = self.assert_error("METHOD_FAILED", r)
        self.assertEqual(err["error"]["reason"]["guest_name"], "InsufficientBalance")
        self.assertEqual(total_balance(self.net), total)

    def test_malformed_input_gets_clear_errors_and_node_keeps_serving(self):
        cases = [
            (b"{not json", -32700),
            (b'{"jsonrpc":"2.0","id":1,"method":"getAccount","params":[5]}', -32602),
            (b'{"jsonrpc":"2.0","id":1,"method":"getAccount","params":["0OIl"]}', -32602),
            (b'{"jsonrpc":"2.0","id":1,"method":"sendTransaction","params":["***"]}', -32602),
            (b'{"jsonrpc":"2.0","id":1,"method":"sendTransaction","params":["AAAA"]}', -32602),
            (b'{"jsonrpc":"2.0","id":1,"method":"noSuchMethod"}', -32601),
            (b'{"jsonrpc":"2.0","id":1,"method":"getBlockRange","params":[5,2]}', -32602),
            (b'{"jsonrpc":"2.0","id":1,"method":"getBlockRange","params":[1,999999]}', -32602),
            (b'{"jsonrpc":"2.0","id":1,"method":"faucet","params":[]}', -32601),
        ]
        for body, code in cases:
            answer = self.net.raw(body)
            self.assertEqual(answer["error"]["code"], code, body)
            self.assertTrue(answer["error"]["message"], body)
        oversize = base64.b64encode(b"\x00" * (1024 * 1024)).decode()
        answer = self.net.raw(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "sendTransaction",
                                          "params": [oversize]}).encode())
        self.assertEqual(answer["error"]["data"]["reason"], "TRANSACTION_TOO_LARGE")
        self.assertIsNone(self.net.rpc("checkHealth"))
        self.assertGreater(self.net.rpc("getLastBlockId"), 0)
        self.assertEqual(self.net.rpc("getTransactionStatus", ["00" * 32])["status"], "unknown")

    def test_blocks_and_clock(self):
        last = self.net.rpc("getLastBlockId")
        blocks = self.net.rpc("getBlockRange", [1, last])
        self.assertEqual(len(blocks), last)
        clock = self.net.rpc("getAccount", ["4BdcjoXkq786TMWcBGGHqcxeLYMZmn17rL4eM9ZyRWNU"])
        block_id = int.from_bytes(bytes(clock["data"][:8]), "little")
        self.assertGreaterEqual(block_id, last)
        self.assertIn("authenticated_transfer", self.net.rpc("getProgramIds"))


class LocalnetDurability(LocalnetTestCase):
    def test_kill9_and_restart_loses_nothing(self):
        hashes = []
        for i in range(8):
            r = self.call("transfer_public", G["user"]["account_id"], G["provider"]["account_id"], f"str:{i + 1}",
                          "false")
            hashes.append(r["tx_hash"])
        time.sleep(0.15)
        included_before = {h for h in hashes if self.net.rpc("getTransactionStatus", [h])["status"] == "included"}
        last_before = self.net.rpc("getLastBlockId")
        log(f"kill -9 with {len(included_before)} of {len(hashes)} included, block {last_before}")
        self.net.kill9()
        self.net.start()
        self.assertGreaterEqual(self.net.rpc("getLastBlockId"), last_before)
        for h in hashes:
            status = self.net.wait_status(h)
            self.assertEqual(status["status"], "included", status)
        for h in included_before:
            self.assertIsNotNone(self.net.rpc("getTransaction", [h]))
        self.assertEqual(int(self.net.rpc("getAccount", [G["user"]["account_id"]])["nonce"]), 8)


class LocalnetAccountHistory(LocalnetTestCase):
    localnet_args = {"manual_blocks": True, "tick_s": None}

    def send_in_block(self, amount, timestamp):
        signed = self.sign_transfer("user", "provider", amount)
        tx_hash = self.net.rpc("sendTransaction", [signed["transaction_base64"]])
        block = self.net.produce_block(timestamp)
        self.assertEqual(self.net.rpc("getTransactionStatus", [tx_hash])["status"], "included")
        return block["block_id"]

    def test_history_lists_each_state_where_the_account_changed(self):
        user = G["user"]["account_id"]
        genesis = int(self.net.rpc("getAccountBalance", [user]))
        t = 1_700_000_000_000
        self.net.produce_block(t)
        b3 = self.send_in_block(10, t + 1000)
        self.net.produce_block(t + 2000)
        b5 = self.send_in_block(5, t + 3000)
        log("genesis (block 0), then one entry per block that wrote the account, oldest first")
        h = self.net.rpc("getAccountHistory", {"account_id": user})
        self.assertEqual(h["account_id"], user)
        self.assertIsNone(h["next_since_block"])
        got = [(e["block_id"], e["timestamp_ms"], int(e["account"]["balance"]), int(e["account"]["nonce"])) for e in h["entries"]]
        self.assertEqual(got, [(0, 0, genesis, 0), (b3, t + 1000, genesis - 10, 1), (b5, t + 3000, genesis - 15, 2)])
        log("since_block and limit page through it")
        self.assertEqual([e["block_id"] for e in self.net.rpc("getAccountHistory", [user, b3 + 1])["entries"]], [b5])
        page = self.net.rpc("getAccountHistory", {"account_id": user, "since_block": 0, "limit": 2})
        self.assertEqual(([e["block_id"] for e in page["entries"]], page["next_since_block"]), ([0, b3], b3 + 1))
        log("an account never written has no history; bad limits and ids are -32602")
        self.assertEqual(self.net.rpc("getAccountHistory", ["11111111111111111111111111111111"])["entries"], [])
        for params in ([user, 0, 0], [user, 0, 1001], ["0OIl"], [user, -1]):
            with self.assertRaises(RpcError) as e:
                self.net.rpc("getAccountHistory", params)
            self.assertEqual(e.exception.error["code"], -32602, params)
        log("the history is durable: kill -9 and restart keep it")
        self.net.kill9()
        self.net.start()
        self.assertEqual(len(self.net.rpc("getAccountHistory", [user])["entries"]), 3)


class LocalnetTestClock(LocalnetTestCase):
    # The test drives every block itself: no ticker.
    localnet_args = {"manual_blocks": True, "tick_s": None}

    def produce_refused(self, net, timestamp, code, reason, message_part):
        with self.assertRaises(RpcError) as e:
            net.produce_block(timestamp)
        self.assertEqual(e.exception.error["code"], code, e.exception.error)
        return self.expect_error(e.exception, reason, message_part)

    def test_blocks_come_only_from_produce_block_at_the_chosen_time(self):
        log("with --manual-blocks no timer makes blocks")
        self.assertEqual(self.net.rpc("getLastBlockId"), 1)
        time.sleep(0.3)
        self.assertEqual(self.net.rpc("getLastBlockId"), 1)
        t = 1_700_000_000_000
        b = self.net.produce_block(t)
        self.assertEqual((b["block_id"], b["timestamp_ms"]), (2, t))
        self.assertEqual(len(b["hash"]), 64)
        self.assertEqual(clock_of(self.net), (2, t))
        log("a transaction waits in the mempool until the test makes the next block")
        signed = self.sign_transfer("user", "provider", 10)
        tx_hash = self.net.rpc("sendTransaction", [signed["transaction_base64"]])
        time.sleep(0.2)
        self.assertEqual(self.net.rpc("getTransactionStatus", [tx_hash])["status"], "pending")
        b = self.net.produce_block({"timestamp_ms": t + 2500})  # named params too
        self.assertEqual((b["block_id"], b["timestamp_ms"]), (3, t + 2500))
        self.assertEqual(self.net.rpc("getTransactionStatus", [tx_hash]), {"status": "included", "block_id": 3})
        self.assertEqual(clock_of(self.net), (3, t + 2500))

    def test_time_never_goes_backwards(self):
        t = 1_700_000_000_000
        self.net.produce_block(t)
        for earlier in (t, t - 1, 0):
            self.produce_refused(self.net, earlier, -32602, "TIMESTAMP_NOT_INCREASING", "not after block 2")
        self.assertEqual(self.net.rpc("getLastBlockId"), 2, "a refused produceBlock makes no block")
        for bad in (["soon"], [-5], []):
            with self.assertRaises(RpcError) as e:
                self.net.rpc("produceBlock", bad)
            self.assertEqual(e.exception.error["code"], -32602)
            self.assertIn("timestamp_ms", e.exception.error["message"])
        log("a restart keeps the last block's time: earlier is still refused")
        self.net.stop()
        self.net.start()
        self.produce_refused(self.net, t, -32602, "TIMESTAMP_NOT_INCREASING", "block times only move forward")
        self.assertEqual(self.net.produce_block(t + 1)["block_id"], 3)

    def test_refused_without_the_flag_and_flag_combinations(self):
        timed = self.start_localnet("timed")
        self.produce_refused(timed, 1_700_000_000_000, -32601, "MANUAL_BLOCKS_DISABLED", "--manual-blocks")
        log("--manual-blocks excludes --block-interval-ms")
        p = subprocess.run([LOCALNET, "--data-dir", os.path.join(self.tmp, "combo"), "--port", "0", "--genesis", GENESIS,
                            "--manual-blocks", "--block-interval-ms", "100"], capture_output=True, text=True, timeout=10)
        self.assertEqual(p.returncode, 1, p)
        self.assertIn("--manual-blocks and --block-interval-ms exclude each other", p.stderr)


if __name__ == "__main__":
    unittest.main()
