"""wallet_module's localnet faucet and account history against lez-localnet --faucet: an account the
authenticated_transfer program does not own yet is refused ACCOUNT_NOT_REGISTERED with a sentence
naming register_public_account; a registered account gets exactly the asked amount; and
get_account_history lists the account's state at the block that changed it, the last entry
holding the balance the chain reports."""
from framework import genesis_accounts, log
from lez_localnet import LocalnetTestCase

G = genesis_accounts()


class WalletFaucetHistory(LocalnetTestCase):
    localnet_args = {"faucet": True}

    def balance(self, account):
        return int(self.net.rpc("getAccountBalance", [account]))

    def test_faucet_refuses_unregistered_then_funds_and_history_shows_it(self):
        fresh = self.call("create_account_public")["account_id_base58"]
        self.expect_error(self.node.call("wallet_module", "request_faucet_funds", fresh, "str:5"),
                          "ACCOUNT_NOT_REGISTERED", "register_public_account")

        account = G["user"]["account_id"]
        before = self.balance(account)
        log("the faucet credits a registered account with exactly the amount asked")
        funded = self.call("request_faucet_funds", account, "str:1234", "true")
        self.assertEqual(funded["tx_status"], "included", funded)
        self.assertEqual(self.balance(account), before + 1234)

        history = self.call("get_account_history", account)
        entries = history["entries"]
        self.assertTrue(entries, history)
        self.assertEqual([e["block_id"] for e in entries], sorted(e["block_id"] for e in entries))
        self.assertEqual(int(entries[-1]["balance"]), before + 1234, entries[-1])
        self.assertEqual(int(entries[0]["block_id"]), 0, "genesis is the first state")


if __name__ == "__main__":
    import unittest
    unittest.main()
