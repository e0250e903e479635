"""payment_streams_module's account reads against lez-localnet, each checked against another read
of the same chain state: readVaultConfigDecoded and readVaultHoldingDecoded against
getVaultStatus and the sequencer's balance, readStreamConfigDecoded against getStreamStatus's
stored view, readClockDecoded / readClock10Decoded against the blocks the test made (CLOCK_10 is
written every tenth block), ensureWalletOpen against wallet_module's list_accounts. Each read of
an account that holds nothing (or not its kind) is refused with its code; ensureWalletOpen is
refused while the wallet is closed."""
from framework import log
from streams_common import PROVIDER, USER, StreamsTestCase

UNTOUCHED = "11111111111111111111111111111112"  # base58 of 31 zero bytes and a 1: never written


class StreamsReads(StreamsTestCase):
    def test_vault_holding_and_stream_reads_match_the_other_views(self):
        self.new_vault(deposit=4321)
        v = self.vault(self.user)
        log("VaultConfig read by its account id equals getVaultStatus's decoded view")
        cfg = self.ps(self.user, "readVaultConfigDecoded", {"account_id": v["vault_config_account"]})
        self.assertEqual(cfg["decoded"], v["decoded"])
        self.assertEqual(cfg["account_id_base58"], v["vault_config_account"])
        self.assertEqual(cfg["decoded"]["owner"], USER)
        self.assertEqual(cfg["balance"], "0")

        log("VaultHolding: its funds are the native balance the sequencer reports")
        holding = self.ps(self.user, "readVaultHoldingDecoded", {"account_id": v["vault_holding_account"]})
        self.assertEqual(holding["decoded"]["funds"], "4321")
        self.assertEqual(holding["balance"], "4321")
        self.assertEqual(self.balance(v["vault_holding_account"]), 4321)
        self.assertEqual(holding["program_owner"], cfg["program_owner"], "both PDAs belong to the payment-streams program")

        log("StreamConfig read by its account id equals getStreamStatus's stored view")
        created = self.ps(self.user, "createStream", {"owner": USER, "vault_id": 0, "provider": PROVIDER, "rate": 3,
                                                      "allocation": "600"})
        st = self.stream(self.user, created["stream_id"])
        sc = self.ps(self.user, "readStreamConfigDecoded", {"account_id": st["stream_account"]})
        self.assertEqual(sc["decoded"], st["stored"])
        self.assertEqual((sc["decoded"]["rate"], sc["decoded"]["allocation"]), (3, "600"))
        self.assertEqual(sc["decoded"]["provider"], PROVIDER)

        log("untouched accounts are refused with the code of what was asked for")
        self.ps_error(self.user, "readVaultConfigDecoded", {"account_id": UNTOUCHED}, "VAULT_NOT_FOUND", "holds no data")
        self.ps_error(self.user, "readVaultHoldingDecoded", {"account_id": UNTOUCHED}, "VAULT_NOT_FOUND", "holds no data")
        self.ps_error(self.user, "readStreamConfigDecoded", {"account_id": UNTOUCHED}, "STREAM_NOT_FOUND", "holds no data")
        self.ps_error(self.user, "readStreamConfigDecoded", {"account_id": v["vault_config_account"]}, "INVALID_ACCOUNT_DATA",
                      "StreamConfig")

    def test_clock_reads_match_the_blocks_made(self):
        self.net.pause_ticks()
        blocks = {}
        for _ in range(12):
            self.net.advance(1)
            blocks[self.net.rpc("getLastBlockId")] = self.net.now * 1000
        last = max(blocks)
        clock = self.ps(self.user, "readClockDecoded", {})
        self.assertEqual(clock["account_id_base58"], self.ps(self.user, "readClockDecoded",
                                                             {"account_id": clock["account_id_base58"]})["account_id_base58"])
        self.assertEqual((clock["decoded"]["block_id"], clock["decoded"]["timestamp"]), (last, blocks[last]))
        self.assertEqual(clock["decoded"]["fold_seconds"], blocks[last] // 1000)

        log(f"CLOCK_10 carries the last block whose id is a multiple of ten (last block {last})")
        tenth = last - last % 10
        self.assertIn(tenth, blocks, "the test made too few blocks")
        c10 = self.ps(self.user, "readClock10Decoded", {})
        self.assertEqual((c10["decoded"]["block_id"], c10["decoded"]["timestamp"]), (tenth, blocks[tenth]))
        self.assertNotEqual(c10["account_id_base58"], clock["account_id_base58"])
        self.assertEqual(self.ps(self.user, "readClockDecoded", {"account_id": c10["account_id_base58"]})["decoded"], c10["decoded"])

        log("an account that is not a clock is refused")
        self.ps_error(self.user, "readClockDecoded", {"account_id": USER}, "INVALID_ACCOUNT_DATA", "clock account")

    def test_ensure_wallet_open_lists_the_wallets_accounts(self):
        opened = self.ps(self.user, "ensureWalletOpen")
        listed = self.wallet(self.user, "list_accounts")["accounts"]
        self.assertTrue(opened["wallet_open"])
        self.assertEqual(opened["accounts"], listed)
        self.assertEqual([a["account_id_base58"] for a in opened["accounts"]], [USER])

        log("after a restart the wallet is closed until opened")
        self.user.stop()
        self.user.start()
        self.user.load("payment_streams_module")
        self.ps_error(self.user, "ensureWalletOpen", {}, "WALLET_NOT_OPEN", "open the wallet first")
        self.wallet(self.user, "open", "str:test password")
        self.assertEqual(self.ps(self.user, "ensureWalletOpen")["accounts"], listed)


if __name__ == "__main__":
    import unittest
    unittest.main()
