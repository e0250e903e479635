"""The payment-streams autopilot seen from the owner's console (console_module /api/events over
real HTTP, signed in with the daemon's token; two daemons, lez-localnet on the test clock): the
user's low-vault and depletion alerts and the automatic top-up, and the provider's automatic
claim, arrive on the console's event feed with their declared parameter names and amounts as u128
decimal strings. A claim that cannot complete because the chain makes no block is emitted as
auto_claim_failed with its backoff; it is not tried again for the amount that failed, nor while the
sequencer is stopped, and once the sequencer is back and makes blocks the provider is paid that
amount exactly once, then claims only what accrued after it."""
import time

from console_common import ConsoleClient
from framework import log
from streams_common import MODULE, PROVIDER, USER, StreamsTestCase

DECIMAL = r"^(0|[1-9][0-9]*)$"
BACKOFF_BASE_SECONDS = 2  # lez/streams/autopilot.h kClaimBackoffBaseSeconds


class ConsoleAutopilot(StreamsTestCase):
    def setUp(self):
        super().setUp()
        self.require_modules("console_module", "x402_module", "delivery_module")
        self.consoles = {}
        for name, node in (("user", self.user), ("provider", self.provider)):
            node.load("console_module")
            url = self.assert_ok(node.call("console_module", "getConsoleInfo"))["result"]["url"]
            c = ConsoleClient(url)
            self.assertEqual(c.sign_in(token=node.token()).status, 200)
            self.consoles[name] = c

    def feed(self, name):
        """An open event stream of `name`'s console, positioned after its hello."""
        c = self.consoles[name]
        hello, _ = c.events()
        return c.stream(after=hello[-1][0], timeout=60)

    def recent(self, node, event):
        return [r for r in self.ps(node, "getAutopilot")["recent"] if r["event"] == event]

    def new_stream(self, rate, allocation):
        sid = self.ps(self.user, "createStream", {"owner": USER, "vault_id": 0, "provider": PROVIDER, "rate": rate,
                                                  "allocation": allocation})["stream_id"]
        self.assertEqual(self.ps(self.provider, "rediscoverStreams", {"owner": USER, "vault_id": 0})["discovered_count"], 1)
        return sid

    def test_alerts_top_up_and_claim_reach_the_console_feed(self):
        self.new_vault(deposit=1000)
        sid = self.new_stream(2, "100")
        user_feed = self.feed("user")
        prov_feed = self.feed("provider")
        try:
            self.ps(self.user, "configureAlerts", {"depletion_horizon_seconds": 30, "vault_low_threshold": "950"})
            e, _ = user_feed.wait(lambda e: e[1] == "vault_low")
            self.assertEqual(e[2]["vault"], {"owner": USER, "vault_id": 0})
            self.assertEqual(e[2]["unallocated"], "900")

            self.ps(self.user, "configureAutoTopUp", {"enabled": True, "amount_per_top_up": "40", "max_per_day": "80"})
            self.net.advance(36)  # 72 of 100 accrued: 28 left at rate 2 = 14 s, inside the 30 s horizon
            e, _ = user_feed.wait(lambda e: e[1] == "stream_depleting_soon")
            self.assertEqual(e[2]["stream"], {"owner": USER, "vault_id": 0, "stream_id": sid})
            self.assertEqual(e[2]["remaining"], "28")
            e, _ = user_feed.wait(lambda e: e[1] == "auto_topped_up")
            self.assertEqual((e[2]["vault_id"], e[2]["stream_id"], e[2]["amount"]), (0, sid, "40"))
            self.assertRegex(e[2]["tx_hash"], r"^[0-9a-f]{64}$")
            self.assertEqual(self.net.wait_status(e[2]["tx_hash"])["status"], "included")
            self.assertEqual(self.stream(self.user, sid)["stored"]["allocation"], "140")

            before = self.balance(PROVIDER)
            self.ps(self.provider, "configureAutoClaim", {"enabled": True, "threshold": "50"})
            e, _ = prov_feed.wait(lambda e: e[1] == "auto_claimed")
            self.assertEqual((e[2]["vault_id"], e[2]["stream_id"]), (0, sid))
            self.assertRegex(e[2]["amount"], DECIMAL)
            self.assertEqual(self.net.wait_status(e[2]["tx_hash"])["status"], "included")
            self.assertEqual(self.balance(PROVIDER), before + int(e[2]["amount"]))
            self.assertEqual(e[2]["amount"], "72", "what accrued in 36 s at rate 2")
        finally:
            user_feed.close()
            prov_feed.close()

    def test_a_failed_auto_claim_is_reported_backed_off_and_paid_once(self):
        self.new_vault(deposit=1000)
        sid = self.new_stream(2, "1000")
        self.ps(self.provider, "configure", {"tx_timeout_ms": 1000})
        self.ps(self.provider, "configureAutoClaim", {"enabled": True, "threshold": "20"})
        before = self.balance(PROVIDER)
        start = self.net.now
        feed = self.feed("provider")
        try:
            log("no more blocks: the claim of 22 is submitted and never confirmed")
            self.net.pause_ticks()
            self.net.advance(11)
            e, _ = feed.wait(lambda e: e[1] in ("auto_claim_failed", "auto_claimed"))
            self.assertEqual(e[1], "auto_claim_failed", e)
            self.assertEqual((e[2]["vault_id"], e[2]["stream_id"], e[2]["amount"], e[2]["code"]), (0, sid, "22", "TX_TIMEOUT"), e)
            self.assertEqual(e[2]["retry_after"], start + 11 + BACKOFF_BASE_SECONDS, "the first backoff step")
            [failed] = self.recent(self.provider, "autoClaimFailed")
            self.assertTrue(failed["message"], failed)

            log("while the chain still reads 22 accrued, the failed amount is not claimed again")
            time.sleep(3)
            self.assertEqual(len(self.recent(self.provider, "autoClaimFailed")), 1)
            self.assertEqual(self.recent(self.provider, "autoClaimed"), [])
            self.assertEqual(self.balance(PROVIDER), before)

            log("the sequencer stops: ticks cannot read the chain, nothing is attempted or emitted")
            self.net.kill9()
            time.sleep(2.5)
            self.assertEqual(len(self.recent(self.provider, "autoClaimFailed")), 1)
            self.assertEqual(self.recent(self.provider, "autoClaimed"), [])

            log("the sequencer is back (its mempool kept the claim) and makes blocks again: the claim lands, "
                "and nothing is claimed a second time")
            self.net.start()
            for node in (self.user, self.provider):
                self.wallet(node, "configure", self.net.url)
            deadline = time.time() + 10
            while self.balance(PROVIDER) == before and time.time() < deadline:
                time.sleep(0.1)
            self.assertEqual(self.balance(PROVIDER), before + 22)
            time.sleep(3)
            self.assertEqual(self.balance(PROVIDER), before + 22, "paid once")
            self.assertEqual(self.recent(self.provider, "autoClaimed"), [])
            self.assertEqual(len(self.recent(self.provider, "autoClaimFailed")), 1)
            self.assertEqual(self.stream(self.user, sid)["accrued"], "0")

            log("past the backoff, a new accrual is claimed normally")
            self.net.advance(12)
            e, _ = feed.wait(lambda e: e[1] in ("auto_claim_failed", "auto_claimed"))
            self.assertEqual((e[1], e[2]["amount"]), ("auto_claimed", "24"), e)
            self.assertEqual(self.net.wait_status(e[2]["tx_hash"])["status"], "included")
            self.assertEqual(self.balance(PROVIDER), before + 46, "2 per second for 23 s, each unit paid once")
            claims = [h for h in self.ps(self.user, "getStreamHistory", {"owner": USER, "vault_id": 0, "stream_id": sid})["entries"]
                      if h["stored"]["accrued"] == "0" and h["stored"]["allocation"] != "1000"]
            self.assertEqual([c["stored"]["allocation"] for c in claims], ["978", "954"], "two claims on chain: 22, then 24")
        finally:
            feed.close()
