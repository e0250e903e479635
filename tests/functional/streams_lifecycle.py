"""payment_streams_module through two logoscore daemons and lez-localnet: the whole vault and
stream lifecycle with balances checked to the unit after each step, depletion while nobody
transacts, claim after close, guest error codes of rejected writes."""
import time

from framework import log
from streams_common import PROVIDER, USER, StreamsTestCase


class StreamsLifecycle(StreamsTestCase):
    def test_full_lifecycle_balances_exact(self):
        user0, prov0 = self.balance(USER), self.balance(PROVIDER)
        total0 = user0 + prov0

        log("initialize vault 0 and deposit 10000")
        init = self.ps(self.user, "initializeVault", {"owner": USER, "vault_id": 0})
        self.assertEqual(init["tx_status"], "included")
        self.assertTrue(init["success"])
        holding = init["vault_holding_account"]
        dep = self.ps(self.user, "deposit", {"owner": USER, "vault_id": 0, "amount": "10000"})
        self.assertEqual(dep["balance"], "10000")
        self.assertEqual(self.balance(USER), user0 - 10000)
        self.assertEqual(self.balance(holding), 10000)
        v = self.vault(self.user)
        self.assertEqual((v["balance"], v["total_allocated"], v["unallocated"]), ("10000", "0", "10000"))

        log("deposit with _lo/_hi halves; both forms must agree")
        self.ps(self.user, "deposit", {"owner": USER, "vault_id": 0, "amount_lo": 500, "amount_hi": 0})
        self.ps_error(self.user, "deposit", {"owner": USER, "vault_id": 0, "amount": "7", "amount_lo": 8},
                      "args_mismatch", "amount (7) and amount_lo/_hi (8) disagree")
        self.assertEqual(self.balance(holding), 10500)

        log("create stream 0 to the provider: rate 2, allocation 1000")
        created = self.ps(self.user, "createStream", {"owner": USER, "vault_id": 0, "provider": PROVIDER, "rate": 2,
                                                      "allocation": "1000"})
        self.assertEqual(created["stream_id"], 0)
        created_at = created["stream"]["accrued_as_of"]
        v = self.vault(self.user)
        self.assertEqual((v["balance"], v["total_allocated"], v["unallocated"]), ("10500", "1000", "9500"))

        self.net.advance(2)
        log("pause: accrued = rate x elapsed on chain, exactly")
        paused = self.ps(self.user, "pauseStream", {"owner": USER, "vault_id": 0, "stream_id": 0})
        s = paused["stream"]
        self.assertEqual(s["state"], "Paused")
        self.assertEqual(s["accrued_as_of"] - created_at, 2)
        accrued_at_pause = 4
        self.assertEqual(int(s["accrued"]), accrued_at_pause)
        self.net.advance(3)
        st = self.stream(self.user, 0)
        self.assertEqual(st["stream_state"], "Paused")
        self.assertEqual(int(st["accrued"]), accrued_at_pause, "a paused stream never accrues")
        self.assertEqual(int(st["unaccrued"]), 1000 - accrued_at_pause)

        log("resume, then top up by 500")
        resumed = self.ps(self.user, "resumeStream", {"owner": USER, "vault_id": 0, "stream_id": 0})
        self.assertEqual(resumed["stream"]["state"], "Active")
        resumed_at = resumed["stream"]["accrued_as_of"]
        self.net.advance(1)
        topped = self.ps(self.user, "topUpStream", {"owner": USER, "vault_id": 0, "stream_id": 0, "increase": "500"})
        s = topped["stream"]
        self.assertEqual(s["allocation"], "1500")
        self.assertEqual(s["accrued_as_of"] - resumed_at, 1)
        self.assertEqual(int(s["accrued"]), accrued_at_pause + 2)
        v = self.vault(self.user)
        self.assertEqual((v["total_allocated"], v["unallocated"]), ("1500", "9000"))

        log("close by the owner: unaccrued goes back to unallocated, accrued stays claimable")
        self.net.advance(1)
        closed = self.ps(self.user, "closeStream", {"owner": USER, "vault_id": "0", "stream_id": "0"})  # u64 as text too
        s = closed["stream"]
        accrued = accrued_at_pause + 2 * 2
        self.assertEqual(s["accrued_as_of"] - resumed_at, 2)
        self.assertEqual(s["state"], "Closed")
        self.assertEqual(int(s["accrued"]), accrued)
        self.assertEqual(s["allocation"], str(accrued))
        self.assertEqual(closed["released"], str(1500 - accrued))
        v = self.vault(self.user)
        self.assertEqual((v["balance"], v["total_allocated"], v["unallocated"]),
                         ("10500", str(accrued), str(10500 - accrued)))
        self.assertEqual(self.balance(holding), 10500, "closing moves no funds")

        log("claim by the provider (provider host) pays exactly the accrued amount")
        self.net.advance(5)
        st = self.stream(self.provider, 0)
        self.assertEqual(int(st["accrued"]), accrued, "a closed stream accrues nothing more")
        claimed = self.ps(self.provider, "claim", {"owner": USER, "provider": PROVIDER, "vault_id": 0, "stream_id": 0})
        self.assertEqual(claimed["claimed"], str(accrued))
        self.assertEqual(self.balance(PROVIDER), prov0 + accrued)
        self.assertEqual(self.balance(holding), 10500 - accrued)
        s = claimed["stream"]
        self.assertEqual((s["accrued"], s["allocation"]), ("0", "0"))
        v = self.vault(self.user)
        self.assertEqual((v["balance"], v["total_allocated"], v["unallocated"]),
                         (str(10500 - accrued), "0", str(10500 - accrued)))
        err = self.ps_error(self.provider,
                            "claim", {"owner": USER, "provider": PROVIDER, "vault_id": 0, "stream_id": 0},
                            "TX_REJECTED", "nothing has accrued")
        self.assertEqual((err["guest_code"], err["guest_name"]), (6023, "ZeroClaimAmount"))

        log("stream 1, closed by the provider (provider signs)")
        self.ps(self.user, "createStream", {"owner": USER, "vault_id": 0, "stream_id": 1, "provider": PROVIDER, "rate": 1,
                                            "allocation_lo": 300, "allocation_hi": 0})
        self.net.advance(3)
        closed = self.ps(self.provider, "closeStream", {"owner": USER, "vault_id": 0, "stream_id": 1, "provider": PROVIDER})
        self.ps_error(self.provider,
                      "closeStream", {"owner": USER, "vault_id": 0, "stream_id": 1, "provider": PROVIDER},
                      "TX_REJECTED", "already Closed")
        self.assertEqual(closed["closed_by"], "provider")
        accrued1 = int(closed["stream"]["accrued"])
        self.assertEqual(accrued1, 3, "rate 1 for 3 chain seconds")
        self.assertEqual(closed["released"], str(300 - accrued1))
        self.ps_error(self.provider,
                      "closeStream", {"owner": USER, "vault_id": 0, "stream_id": 1, "provider": "spare-not-an-id"},
                      "INVALID_ACCOUNT_ID", "'spare-not-an-id' is neither 64 hex digits nor a base58 account id")
        other = "EfPjMNt6HpUUnhA7xRyUyiXtjEVWPN5MoNNJs9Zzfxq6"
        self.ps_error(self.provider, "closeStream", {"owner": USER, "vault_id": 0, "stream_id": 1, "provider": other},
                      "close_provider_mismatch", "stream 1 pays")
        claimed = self.ps(self.provider, "claim", {"owner": USER, "provider": PROVIDER, "vault_id": 0, "stream_id": 1})
        self.assertEqual(claimed["claimed"], str(accrued1))

        log("withdraw everything unallocated to the owner")
        v = self.vault(self.user)
        free = int(v["unallocated"])
        self.assertEqual(free, 10500 - accrued - accrued1)
        w = self.ps(self.user, "withdraw", {"owner": USER, "vault_id": 0, "amount": str(free)})
        self.assertEqual(w["balance"], "0")
        self.assertEqual(self.balance(USER), user0 - accrued - accrued1)
        self.assertEqual(self.balance(PROVIDER), prov0 + accrued + accrued1)
        self.assertEqual(self.balance(USER) + self.balance(PROVIDER) + self.balance(holding), total0)

        log("inventory and rediscovery")
        listed = self.ps(self.user, "listMyStreams", {"owner": USER, "vault_id": 0})
        self.assertEqual([s["stream_id"] for s in listed["streams"]], [0, 1])
        found = self.ps(self.provider, "rediscoverStreams", {"owner": USER, "vault_id": 0})
        self.assertEqual(found["discovered_count"], 2)
        self.assertEqual(self.ps(self.provider, "rediscoverStreams", {"owner": USER, "vault_id": 0})["discovered_count"], 0)

    def test_depletion_while_nobody_transacts_and_claim(self):
        self.new_vault(deposit=1000)
        created = self.ps(self.user, "createStream", {"owner": USER, "vault_id": 0, "provider": PROVIDER, "rate": 5,
                                                      "allocation": "10"})
        t0 = created["stream"]["accrued_as_of"]
        log("allocation 10 at rate 5 depletes 2 s after creation; 4 s pass with no transaction")
        self.net.advance(4)
        st = self.stream(self.user, 0)
        self.assertTrue(st["depleted"])
        self.assertEqual(st["stream_state"], "Paused")
        self.assertEqual((st["accrued"], st["unaccrued"]), ("10", "0"))
        self.assertEqual(st["depleted_at"], t0 + 2)
        self.assertEqual(st["as_of"], t0 + 4)
        self.assertEqual(st["stored"]["state"], "Active", "nothing was written: the fold is off-chain")
        err = self.ps_error(self.user, "resumeStream", {"owner": USER, "vault_id": 0, "stream_id": 0},
                            "TX_REJECTED", "nothing left to accrue")
        self.assertEqual((err["guest_code"], err["guest_name"]), (6018, "ResumeZeroUnaccrued"))
        prov0 = self.balance(PROVIDER)
        claimed = self.ps(self.provider, "claim", {"owner": USER, "provider": PROVIDER, "vault_id": 0, "stream_id": 0})
        self.assertEqual(claimed["claimed"], "10")
        self.assertEqual(self.balance(PROVIDER), prov0 + 10)
        v = self.vault(self.user)
        self.assertEqual((v["balance"], v["total_allocated"], v["unallocated"]), ("990", "0", "990"))

    def test_rejected_writes_carry_guest_codes_and_prechecks(self):
        self.new_vault(deposit=100)
        err = self.ps_error(self.user, "createStream", {"owner": USER, "vault_id": 0, "provider": PROVIDER, "rate": 1,
                                                        "allocation": "101"}, "TX_REJECTED", "allocation 101 exceeds unallocated 100")
        self.assertEqual((err["guest_code"], err["guest_name"]), (6011, "AllocationExceedsUnallocated"))
        err = self.ps_error(self.user, "withdraw", {"owner": USER, "vault_id": 0, "amount": "0"},
                            "TX_REJECTED", "withdraw amount is zero")
        self.assertEqual(err["guest_code"], 6006)
        self.ps_error(self.user, "createStream", {"owner": USER, "vault_id": 0, "provider": USER, "rate": 1,
                                                  "allocation": "5"}, "create_provider_equals_owner", "must differ from the vault owner")
        self.ps_error(self.user, "withdraw", {"owner": USER, "vault_id": 9, "amount": "1"},
                      "withdraw_prestate_unavailable", "no vault 9")
        self.ps_error(self.user, "closeStream", {"owner": USER, "vault_id": 0, "stream_id": 4},
                      "close_prestate_unavailable", "stream 4 could not be read")
        self.ps_error(self.user, "deposit", {"owner": USER, "vault_id": 0},
                      "INVALID_ARGS", "missing parameter 'amount'")
        self.ps_error(self.user, "getStreamStatus", {"owner": USER, "vault_id": 0, "stream_id": 3},
                      "STREAM_NOT_FOUND", "no stream 3 in vault 0")
        self.ps_error(self.user, "getVaultStatus", {"owner": USER, "vault_id": 3}, "VAULT_NOT_FOUND", "no vault 3")
        log("a provider key this host lacks: the wallet refuses to sign")
        self.ps(self.user, "createStream", {"owner": USER, "vault_id": 0, "provider": PROVIDER, "rate": 1, "allocation": "5"})
        self.ps_error(self.user, "claim", {"owner": USER, "provider": PROVIDER, "vault_id": 0, "stream_id": 0},
                      "UNKNOWN_ACCOUNT", "holds no key for")
        tx = self.ps(self.user, "deposit", {"owner": USER, "vault_id": 0, "amount": "1"})["tx_hash"]
        q = self.ps(self.user, "querySequencerTransaction", {"tx_hash": tx})
        self.assertEqual(q["tx_status"], "included")
        q = self.ps(self.user, "querySequencerTransaction", {"tx_hash": tx.upper()})
        self.assertEqual((q["tx_status"], q["tx_hash"]), ("included", tx.lower()))  # one spelling in answers
        log("wait=false answers at submission; the status is queried afterwards")
        sent = self.ps(self.user, "deposit", {"owner": USER, "vault_id": 0, "amount": "2", "wait": False})
        self.assertEqual(sent["tx_status"], "pending")
        deadline = time.time() + 10
        while self.ps(self.user, "querySequencerTransaction", {"tx_hash": sent["tx_hash"]})["tx_status"] != "included":
            self.assertLess(time.time(), deadline)
            time.sleep(0.05)
        self.assertEqual(self.vault(self.user)["balance"], "103")
        rejected = self.ps(self.user, "createStream", {"owner": USER, "vault_id": 0, "provider": PROVIDER, "rate": 1,
                                                       "allocation": "100000", "wait": False})
        deadline = time.time() + 10
        while (q := self.ps(self.user, "querySequencerTransaction", {"tx_hash": rejected["tx_hash"]}))["tx_status"] == "pending":
            self.assertLess(time.time(), deadline)
            time.sleep(0.05)
        self.assertEqual((q["tx_status"], q["guest_code"], q["guest_name"]), ("rejected", 6011, "AllocationExceedsUnallocated"))

    def test_withdraw_destinations_and_uninitialized_accounts(self):
        self.new_vault(deposit=1000)
        spare = "EfPjMNt6HpUUnhA7xRyUyiXtjEVWPN5MoNNJs9Zzfxq6"  # genesis: AT-owned, balance 0
        log("withdraw to another AT-owned account credits it exactly")
        w = self.ps(self.user, "withdraw", {"owner": USER, "vault_id": 0, "amount": "100", "withdraw_to": spare})
        self.assertEqual((w["withdraw_to"], w["balance"]), (spare, "900"))
        self.assertEqual(self.balance(spare), 100)
        self.assertNotIn("registered_destination_tx", w)
        log("a fresh destination whose key this wallet holds is AT-initialized first")
        fresh = self.wallet(self.user, "create_account_public")["account_id_base58"]
        w = self.ps(self.user, "withdraw", {"owner": USER, "vault_id": 0, "amount": "50", "withdraw_to": fresh})
        self.assertTrue(w["registered_destination_tx"])
        self.assertEqual(self.balance(fresh), 50)
        owner = self.assert_ok(self.user.call("wallet_module", "get_account_public", fresh))["result"]["program_owner"]
        self.assertEqual(owner, "fe96c4228babbe8bc578e3e25b884cacb07f8c86541f27ed676789875eef875a")
        log("a fresh destination without a key here is refused before any transaction")
        stranger = self.wallet(self.provider, "create_account_public")["account_id_base58"]
        self.ps_error(self.user, "withdraw", {"owner": USER, "vault_id": 0, "amount": "5", "withdraw_to": stranger},
                      "WITHDRAW_DESTINATION_UNINITIALIZED", "is not initialized under authenticated_transfer")
        self.assertEqual(self.vault(self.user)["balance"], "850")
        log("a claim to a provider account never initialized under AT is refused (it could not be credited)")
        self.ps(self.user, "createStream", {"owner": USER, "vault_id": 0, "provider": stranger, "rate": 1, "allocation": "10"})
        self.net.advance(2)
        self.ps_error(self.provider, "claim", {"owner": USER, "provider": stranger, "vault_id": 0, "stream_id": 0},
                      "PROVIDER_NOT_INITIALIZED", "is not owned by authenticated_transfer")
        log("positional CLI arguments bind to the described parameters")
        r = self.assert_ok(self.user.call("payment_streams_module", "getVaultStatus", USER, 0))
        self.assertEqual(r["result"]["balance"], "850")
