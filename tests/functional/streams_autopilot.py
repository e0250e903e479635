"""payment_streams_module's autopilot on lez-localnet with manual blocks (the chain clock moves
only with advance()): the provider's auto-claim at a threshold moves exactly the claimable amount
once; the user's depletion and low-vault alerts fire once per condition and again after it
clears; the automatic top-up stops at the owner's daily cap and each top-up is in the audit log."""
import json
import os
import stat
import time

from framework import EventWatcher, log
from streams_common import MODULE, PROVIDER, USER, StreamsTestCase

TICK_WAIT = 2.5  # the autopilot ticks once a second; two ticks and the write's inclusion


def arg(event, name, index):
    data = event.get("data") or {}
    if isinstance(data, dict):
        return data.get(name, data.get(f"arg{index}"))
    return data[index]


class AutopilotTest(StreamsTestCase):
    def autopilot(self, node):
        return self.ps(node, "getAutopilot")

    def recent(self, node, event):
        return [r for r in self.autopilot(node)["recent"] if r["event"] == event]

    def settle(self):
        time.sleep(TICK_WAIT)

    def test_auto_claim_at_threshold_moves_exactly_the_claimable_amount(self):
        self.new_vault(deposit=1000)
        self.ps(self.user, "createStream", {"owner": USER, "vault_id": 0, "provider": PROVIDER, "rate": 2, "allocation": "500"})
        found = self.ps(self.provider, "rediscoverStreams", {"owner": USER, "vault_id": 0})
        self.assertEqual(found["discovered_count"], 1)
        self.assertFalse(self.autopilot(self.provider)["auto_claim"]["enabled"], "off by default")
        events = EventWatcher(self.provider, MODULE)
        try:
            cfg = self.ps(self.provider, "configureAutoClaim", {"enabled": True, "threshold": "20"})
            self.assertEqual(cfg["auto_claim"], {"enabled": True, "interval_seconds": 0, "threshold": "20"})
            # Idempotent: the same settings again change nothing.
            self.assertEqual(self.ps(self.provider, "configureAutoClaim", {"enabled": True, "threshold": "20"})["auto_claim"],
                             cfg["auto_claim"])
            prov0 = self.balance(PROVIDER)
            self.net.advance(5)
            self.settle()
            log("10 accrued, below the threshold of 20: no claim")
            self.assertEqual(self.recent(self.provider, "autoClaimed"), [])
            self.net.advance(6)
            claimed = events.wait_for("autoClaimed", timeout=15)[0]
            rec = self.recent(self.provider, "autoClaimed")
            self.assertEqual(len(rec), 1, rec)
            log(f"auto-claimed {rec[0]['amount']} in {rec[0]['tx_hash']}")
            self.assertEqual(rec[0]["amount"], "22", "exactly the claimable amount at the threshold")
            self.assertEqual(arg(claimed, "amount", 2), "22")
            self.assertEqual(arg(claimed, "tx_hash", 3), rec[0]["tx_hash"])
            self.assertEqual(self.net.wait_status(rec[0]["tx_hash"])["status"], "included")
            self.assertEqual(self.balance(PROVIDER), prov0 + 22)
            st = self.stream(self.user, 0)
            self.assertEqual((st["accrued"], st["stored"]["allocation"]), ("0", "478"))
            self.settle()
            self.assertEqual(len(self.recent(self.provider, "autoClaimed")), 1, "nothing new to claim: no second claim")
        finally:
            events.stop()
        self.restart(self.provider)
        self.assertEqual(self.autopilot(self.provider)["auto_claim"], {"enabled": True, "interval_seconds": 0, "threshold": "20"},
                         "the settings survive a restart")

    def test_alerts_fire_once_per_condition(self):
        self.new_vault(deposit=1000)
        self.ps(self.user, "createStream", {"owner": USER, "vault_id": 0, "provider": PROVIDER, "rate": 1, "allocation": "100"})
        events = EventWatcher(self.user, MODULE)
        try:
            self.ps(self.user, "configureAlerts", {"depletion_horizon_seconds": 30, "vault_low_threshold": "950"})
            low = events.wait_for("vaultLow", timeout=10)[0]
            self.assertEqual(arg(low, "unallocated", 1), "900")
            self.net.advance(60)
            self.settle()
            self.assertEqual(self.recent(self.user, "streamDepletingSoon"), [], "40 left at rate 1: outside the 30 s horizon")
            self.net.advance(15)
            soon = events.wait_for("streamDepletingSoon", timeout=10)[0]
            self.assertEqual(arg(soon, "remaining", 2), "25")
            self.net.advance(5)
            self.settle()
            self.assertEqual(len(self.recent(self.user, "streamDepletingSoon")), 1, "once per condition")
            log("a top-up clears the condition; it fires again when the stream nears depletion again")
            self.ps(self.user, "topUpStream", {"owner": USER, "vault_id": 0, "stream_id": 0, "increase": "100"})
            self.settle()
            self.assertEqual(len(self.recent(self.user, "streamDepletingSoon")), 1)
            self.net.advance(95)
            events.wait_for("streamDepletingSoon", 2, timeout=10)
            self.settle()
            self.assertEqual(len(self.recent(self.user, "streamDepletingSoon")), 2)
            self.assertEqual(len(self.recent(self.user, "vaultLow")), 1, "the vault stayed low: no second alert")
        finally:
            events.stop()

    def test_auto_top_up_respects_the_daily_cap(self):
        self.new_vault(deposit=1000)
        self.ps(self.user, "createStream", {"owner": USER, "vault_id": 0, "provider": PROVIDER, "rate": 1, "allocation": "50"})
        self.ps_error(self.user, "configureAutoTopUp", {"enabled": True, "amount_per_top_up": "100", "max_per_day": "80"},
                      "INVALID_ARGS", "max_per_day")
        self.ps(self.user, "configureAlerts", {"depletion_horizon_seconds": 30})
        cfg = self.ps(self.user, "configureAutoTopUp", {"enabled": True, "amount_per_top_up": "40", "max_per_day": "80"})
        self.assertIn("configured_by", cfg["auto_top_up"])
        for n in (1, 2):
            self.net.advance(25 if n == 1 else 40)
            deadline = time.time() + 15
            while len(self.recent(self.user, "autoToppedUp")) < n and time.time() < deadline:
                time.sleep(0.2)
            self.assertEqual(len(self.recent(self.user, "autoToppedUp")), n)
            log(f"top-up {n}: spent today {self.autopilot(self.user)['top_up_ledger']['spent']}")
            self.settle()
        self.net.advance(40)
        deadline = time.time() + 15
        while not self.recent(self.user, "autoTopUpSkipped") and time.time() < deadline:
            time.sleep(0.2)
        skipped = self.recent(self.user, "autoTopUpSkipped")
        self.assertEqual([s["reason"] for s in skipped], ["daily_cap_reached"])
        self.assertEqual(len(self.recent(self.user, "autoToppedUp")), 2)
        self.assertEqual(self.stream(self.user, 0)["stored"]["allocation"], "130", "50 + 2 x 40, the cap of 80 reached")
        self.assertEqual(self.autopilot(self.user)["top_up_ledger"]["spent"], "80")
        audit_path = self.find_file(self.user.root, "audit.jsonl")
        self.assertEqual(stat.S_IMODE(os.stat(audit_path).st_mode), 0o600)
        with open(audit_path) as f:
            lines = [json.loads(line) for line in f]
        kinds = [r["kind"] for r in lines]
        self.assertEqual(kinds, ["auto_top_up_configured", "auto_top_up", "auto_top_up"])
        for r in lines:
            self.assertIn("configured_by", r)
        self.assertEqual([r["amount"] for r in lines[1:]], ["40", "40"])

    def find_file(self, root, name):
        for d, _, files in os.walk(root):
            if name in files:
                return os.path.join(d, name)
        raise AssertionError(f"{name} not found under {root}")
