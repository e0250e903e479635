"""wallet_module's conversions, key reads and transaction building against lez-localnet, each
checked against an independent computation or the chain: account_id_to_base58 and
account_id_from_base58 against the genesis fixture (round trip); get_public_account_key against
the account id (SHA-256 of the LEZ public-account prefix and the key); sign_public_transaction_json
builds a transfer the sequencer has not seen and that moves exactly its amount once submitted;
send_generic_public_transaction_json initializes a new account, whose owner becomes the
authenticated_transfer program. Each refuses its bad input with its stable code."""
import hashlib
import json

from framework import genesis_accounts, log
from lez_localnet import LocalnetTestCase

G = genesis_accounts()
AT_PROGRAM = "fe96c4228babbe8bc578e3e25b884cacb07f8c86541f27ed676789875eef875a"
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58decode(text):
    n = 0
    for c in text:
        n = n * 58 + B58.index(c)
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\x00" * (len(text) - len(text.lstrip("1"))) + raw


def transfer_instruction_hex(amount):
    """AuthenticatedTransfer::Transfer: variant word 0, then the u128 in little-endian words."""
    return (0).to_bytes(4, "little").hex() + amount.to_bytes(16, "little").hex()


class WalletReads(LocalnetTestCase):
    def balance(self, name):
        return int(self.net.rpc("getAccountBalance", [G[name]["account_id"]]))

    def error(self, code, message_part, op, *args):
        return self.expect_error(self.node.call("wallet_module", op, *args), code, message_part)

    def test_account_id_conversions_round_trip(self):
        for name in ("user", "provider", "faucet"):
            b58 = G[name]["account_id"]
            hex_id = b58decode(b58).hex()
            self.assertEqual(len(hex_id), 64)
            to = self.call("account_id_to_base58", "str:" + hex_id)
            self.assertEqual((to["account_id_base58"], to["account_id"]), (b58, hex_id))
            back = self.call("account_id_from_base58", "str:" + b58)
            self.assertEqual((back["account_id"], back["account_id_base58"]), (hex_id, b58))
        log("malformed ids are refused")
        self.error("INVALID_ACCOUNT_ID", "hex", "account_id_to_base58", "str:" + "zz" * 32)
        self.error("INVALID_ACCOUNT_ID", "must be 32 bytes, got 31", "account_id_to_base58", "str:" + "ab" * 31)
        self.error("INVALID_ACCOUNT_ID", "base58", "account_id_from_base58", "str:0OIl")

    def test_public_key_hashes_to_the_account_id(self):
        prefix = b"/LEE/v0.3/AccountId/Public/".ljust(32, b"\x00")
        for name in ("user", "provider"):
            pk = self.call("get_public_account_key", G[name]["account_id"])["public_key"]
            self.assertEqual(len(pk), 64)
            self.assertEqual(hashlib.sha256(prefix + bytes.fromhex(pk)).digest(), b58decode(G[name]["account_id"]), name)
        self.error("UNKNOWN_ACCOUNT", "holds no key for", "get_public_account_key", G["faucet"]["account_id"])

    def test_sign_public_transaction_json_builds_without_broadcasting(self):
        payload = {"account_ids": [G["user"]["account_id"], G["provider"]["account_id"]], "signing_requirements": [True, False],
                   "instruction_hex": transfer_instruction_hex(77), "program_id_hex": AT_PROGRAM}
        before = {n: self.balance(n) for n in ("user", "provider")}
        nonce = self.call("get_account_public", G["user"]["account_id"])["nonce_decimal"]
        signed = self.call("sign_public_transaction_json", "json:" + json.dumps(payload))
        self.assertEqual((signed["broadcast"], signed["signers"], signed["nonces"]), (False, [G["user"]["account_id"]], [nonce]))
        self.assertEqual(self.net.rpc("getTransactionStatus", [signed["tx_hash"]])["status"], "unknown", "it was broadcast")
        self.assertEqual({n: self.balance(n) for n in before}, before)
        log("the signed bytes, submitted by hand, move exactly 77")
        self.assertEqual(self.net.rpc("sendTransaction", [signed["transaction_base64"]]), signed["tx_hash"])
        self.assertEqual(self.net.wait_status(signed["tx_hash"])["status"], "included")
        self.assertEqual((self.balance("user"), self.balance("provider")), (before["user"] - 77, before["provider"] + 77))
        log("a payload the wallet cannot build is refused before any signature")
        bad = dict(payload, instruction_hex="010203")
        self.error("INVALID_PAYLOAD", "multiple of 4 bytes", "sign_public_transaction_json", "json:" + json.dumps(bad))
        self.error("INVALID_PAYLOAD", "signing_requirements", "sign_public_transaction_json",
                   "json:" + json.dumps(dict(payload, signing_requirements=[True])))

    def test_send_generic_public_transaction_json_initializes_an_account(self):
        new = self.call("create_account_public")
        before = self.call("get_account_public", new["account_id_base58"])
        self.assertEqual(before["program_owner"], "0" * 64, "a new account has no owner")
        payload = {"account_ids": [new["account_id"]], "signing_requirements": [True], "instruction_hex": "01000000",
                   "program_id_hex": AT_PROGRAM}
        sent = self.call("send_generic_public_transaction_json", "json:" + json.dumps(payload))
        self.assertEqual((sent["success"], sent["tx_status"], sent["error"]), (True, "included", ""), sent)
        status = self.net.rpc("getTransactionStatus", [sent["tx_hash"]])
        self.assertEqual((status["status"], status["block_id"]), ("included", sent["block_id"]))
        after = self.call("get_account_public", new["account_id_base58"])
        self.assertEqual((after["program_owner"], after["nonce_decimal"]), (AT_PROGRAM, "1"))
        log("a signer whose key the wallet does not hold is refused before submission")
        faucet = dict(payload, account_ids=[b58decode(G["faucet"]["account_id"]).hex()])
        self.error("UNKNOWN_ACCOUNT", "holds no key for", "send_generic_public_transaction_json", "json:" + json.dumps(faucet))

    def test_verify_password_checks_without_changing_the_open_keystore(self):
        self.assertIs(self.call("verify_password", "str:test password")["valid"], True)
        self.assertIs(self.call("verify_password", "str:not the password")["valid"], False)
        # The keystore stays open: the wallet still signs after a wrong password was tried.
        self.assertTrue(self.call("sign_transfer_public", G["user"]["account_id"], G["provider"]["account_id"], "str:1"))


if __name__ == "__main__":
    import unittest
    unittest.main()
