"""MODE=module: the payment-streams lifecycle on one host, through payment_streams_module only.

init, deposit, create, pause, resume, top-up, status, claim — with balances checked to the unit.
The one host holds both the owner's and the provider's test keys (the provider signs the claim).
"""
import time

from journey_store import balance, expect, secret_key


class ModuleJourney:
    def __init__(self, env, host, fixture):
        self.env = env
        self.h = host
        self.fx = fixture
        self.owner = fixture["accounts"]["user"]["account_id"]
        self.provider = fixture["accounts"]["provider"]["account_id"]
        self.vault = fixture["vault"]["vault_id"]
        self.ids = {"owner": self.owner, "vault_id": self.vault}

    def host_up(self):
        for m in ("wallet_module", "payment_streams_module"):
            self.h.load(m)
        self.h.call("wallet_module", "create_new", {"password": self.env["wallet_password"]})
        self.h.call("wallet_module", "configure", {"sequencer_url": self.env["localnet_url"]})
        for n in ("user", "provider"):
            self.h.call("wallet_module", "import_account_private_key",
                        {"private_key_hex": secret_key(self.fx, n)})
        return {"modules": ["wallet_module", "payment_streams_module"]}

    def module_init_vault(self):
        r = self.h.call("payment_streams_module", "initializeVault", dict(self.ids))
        return {"tx_hash": r.get("tx_hash"), "vault_id": self.vault}

    def module_deposit(self):
        before = balance(self.h, self.owner)
        r = self.h.call("payment_streams_module", "deposit", {**self.ids, "amount": self.fx["vault"]["deposit"]})
        expect(before - balance(self.h, self.owner) == int(self.fx["vault"]["deposit"]), "deposit must debit exactly")
        return {"tx_hash": r.get("tx_hash"), "amount": self.fx["vault"]["deposit"]}

    def module_create_stream(self):
        r = self.h.call("payment_streams_module", "createStream", {**self.ids, "stream_id": "0", "provider": self.provider,
                                                                  "rate": self.fx["stream"]["rate"],
                                                                  "allocation": self.fx["stream"]["allocation"]})
        self.stream = {**self.ids, "stream_id": "0"}
        return {"tx_hash": r.get("tx_hash"), "stream_id": "0"}

    def _state(self):
        return self.h.call("payment_streams_module", "getStreamStatus", self.stream)

    def module_pause(self):
        r = self.h.call("payment_streams_module", "pauseStream", self.stream)
        s = self._state()
        expect(str(s.get("stream_state")).lower() == "paused", "the stream must be paused", status=s)
        return {"tx_hash": r.get("tx_hash"), "accrued": str(s.get("accrued"))}

    def module_resume(self):
        r = self.h.call("payment_streams_module", "resumeStream", self.stream)
        s = self._state()
        expect(str(s.get("stream_state")).lower() == "active", "the stream must be active again", status=s)
        return {"tx_hash": r.get("tx_hash")}

    def module_top_up(self):
        before = int(self._state().get("allocation"))
        r = self.h.call("payment_streams_module", "topUpStream", {**self.stream, "increase": "1000"})
        after = int(self._state().get("allocation"))
        expect(after - before == 1000, "top-up must raise the allocation by exactly the increase",
               before=str(before), after=str(after))
        return {"tx_hash": r.get("tx_hash"), "allocation": str(after)}

    def module_status(self):
        time.sleep(2.2)  # let at least two fold seconds accrue
        s = self._state()
        v = self.h.call("payment_streams_module", "getVaultStatus", self.ids)
        expect(int(s.get("accrued")) > 0, "accrual must be visible after time passes", status=s)
        return {"stream_state": s.get("stream_state"), "accrued": str(s.get("accrued")),
                "unaccrued": str(s.get("unaccrued")), "vault_unallocated": str(v.get("unallocated"))}

    def module_claim(self):
        before = balance(self.h, self.provider)
        r = self.h.call("payment_streams_module", "claim", {**self.stream, "provider": self.provider})
        delta = balance(self.h, self.provider) - before
        expect(delta > 0, "the claim must pay the provider")
        expect(str(r.get("claimed", delta)) == str(delta), "the reported claim must equal the balance change",
               reported=r.get("claimed"), delta=str(delta))
        return {"tx_hash": r.get("tx_hash"), "claimed": str(delta)}

    def phases(self):
        return [("module_host_up", self.host_up), ("module_init_vault", self.module_init_vault),
                ("module_deposit", self.module_deposit), ("module_create_stream", self.module_create_stream),
                ("module_pause", self.module_pause), ("module_resume", self.module_resume),
                ("module_top_up", self.module_top_up), ("module_status", self.module_status),
                ("module_claim", self.module_claim)]
