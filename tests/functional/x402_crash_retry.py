"""x402: nobody is charged without being served across a provider crash. 60 payers (distinct LEZ
accounts) pay the merchant concurrently; the provider daemon (facilitator + merchant) is killed
with SIGKILL while the payments are in flight, restarted, and every payer retries with the same
PAYMENT-SIGNATURE and payment-identifier id. Over several rounds: every payer whose balance moved
got the resource, nobody was charged twice, and no retry was refused as a replay."""
import concurrent.futures
import http.client
import os
import random
import threading
import time

from framework import genesis_accounts, log
from x402_server_pay import X402ServerCase, authorization_digest, b64json, http_request, unb64json

G = genesis_accounts()
PAYERS = 60
ROUNDS = int(os.environ.get("LEZPAY_X402_CRASH_ROUNDS", "5"))
FUNDING = 10_000
RETRIES = 8


class X402CrashRetry(X402ServerCase):
    PRICE = 7

    def call_user(self, op, *args):
        return self.ok(self.user, "wallet_module", op, *args)

    def make_payers(self):
        """PAYERS fresh accounts in the user's wallet, initialized and funded from three genesis accounts."""
        for name in ("faucet", "agent_owner"):
            self.call_user("import_account_private_key", "str:" + G[name]["secret_key_hex"])
        ids = [self.call_user("create_account_public")["account_id_base58"] for _ in range(PAYERS)]
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda a: self.call_user("register_public_account", "str:" + a), ids))
        senders = ["user", "faucet", "agent_owner"]

        def fund(k):
            for a in ids[k::len(senders)]:
                self.call_user("transfer_public", G[senders[k]]["account_id"], "str:" + a, "str:" + str(FUNDING))

        with concurrent.futures.ThreadPoolExecutor(len(senders)) as pool:
            list(pool.map(fund, range(len(senders))))
        for a in ids:
            self.assertEqual(int(self.net.rpc("getAccountBalance", [a])), FUNDING)
        return ids

    def sign(self, challenge, payer, pid):
        accepted = challenge["accepts"][0]
        signed = self.call_user("sign_transfer_public", payer, accepted["payTo"], "str:" + accepted["amount"])
        now = int(time.time())
        va, vb = now - 600, now + accepted["maxTimeoutSeconds"]
        digest = authorization_digest(signed["tx_hash"], va, vb, challenge["resource"]["url"])
        auth = self.call_user("sign_public_payload", payer, "str:" + digest)
        ext = challenge["extensions"]["payment-identifier"]
        payload = {"x402Version": 2, "resource": challenge["resource"], "accepted": accepted,
                   "payload": {"transaction": signed["transaction_base64"], "validAfter": va, "validBefore": vb,
                               "authorization": auth["result"]},
                   "extensions": {"payment-identifier": {"info": dict(ext["info"], id=pid), "schema": ext["schema"]}}}
        return b64json(payload), signed["tx_hash"]

    def restart_provider(self):
        os.unlink(self.provider.state_path)
        self.provider.proc = None
        self.provider.start()
        self.prepare_provider(self.provider)
        deadline = time.time() + 60
        while time.time() < deadline:
            info = self.ok(self.provider, "x402_module", "getFacilitatorInfo")
            listed = self.provider.call("x402_module", "listResources")
            if info["running"] and listed.rc == 0:
                return info
            time.sleep(0.2)
        self.fail("the provider's facilitator and merchant did not come back")

    def test_kill9_during_concurrent_payments_then_retries(self):
        fac = self.start_facilitator(self.provider)
        merchant = self.start_merchant(self.provider, fac["url"], payment_identifier="optional")
        url = merchant["url"] + "/weather"
        log(f"creating and funding {PAYERS} payers")
        payers = self.make_payers()
        totals = {"charged": 0, "answered_before_kill": 0, "served_on_retry": 0, "recovered": 0, "idempotent_replay": 0}
        for rnd in range(ROUNDS):
            challenge = self.challenge_of(url)
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                signed = list(pool.map(lambda i: self.sign(challenge, payers[i], f"pay_crash_r{rnd}_p{i:03d}_x"), range(PAYERS)))
            before = {a: int(self.net.rpc("getAccountBalance", [a])) for a in payers}
            merchant_before = self.balance("merchant")
            first = [None] * PAYERS
            first_answer = threading.Event()
            barrier = threading.Barrier(PAYERS)

            def one(i):
                barrier.wait()
                try:
                    status, headers, body = http_request(url, headers={"PAYMENT-SIGNATURE": signed[i][0]}, timeout=30)
                    first[i] = (status, headers.get("x-payment-error"), body)
                    first_answer.set()
                except (OSError, http.client.HTTPException) as e:
                    first[i] = ("lost", type(e).__name__, b"")

            threads = [threading.Thread(target=one, args=(i,)) for i in range(PAYERS)]
            for t in threads:
                t.start()
            first_answer.wait(10)
            time.sleep(random.uniform(0.0, 0.4))
            log(f"round {rnd}: kill -9 of the provider with payments in flight")
            self.provider.kill()
            for t in threads:
                t.join(60)
            answered = sum(1 for f in first if f and f[0] == 200)
            self.restart_provider()

            log(f"round {rnd}: every payer retries with the same PAYMENT-SIGNATURE and payment id")
            final = list(first)

            def retry(i):
                for _ in range(RETRIES):
                    status, headers, body = http_request(url, headers={"PAYMENT-SIGNATURE": signed[i][0]}, timeout=60)
                    final[i] = (status, headers.get("x-payment-error"), body, headers.get("payment-response"))
                    if status == 200 or headers.get("x-payment-error") not in (
                            "settle_exact_lez_transaction_pending", "facilitator_unavailable", "merchant_storage_unavailable"):
                        return
                    time.sleep(1)

            with concurrent.futures.ThreadPoolExecutor(16) as pool:
                list(pool.map(retry, range(PAYERS)))
            after = {a: int(self.net.rpc("getAccountBalance", [a])) for a in payers}
            charged = [i for i, a in enumerate(payers) if after[a] != before[a]]
            for i, a in enumerate(payers):
                self.assertIn(before[a] - after[a], (0, self.PRICE), f"payer {i} charged {before[a] - after[a]}")
                if i in charged:
                    self.assertEqual(final[i][0], 200, f"round {rnd}: payer {i} was charged but not served: {final[i][:3]}")
                    receipt = unb64json(final[i][3])
                    self.assertEqual((receipt["success"], receipt["transaction"]), (True, signed[i][1]))
                else:
                    self.assertNotEqual(final[i][0], 200, f"round {rnd}: payer {i} was served without being charged")
                self.assertNotEqual(final[i][1], "nonce_replayed", f"round {rnd}: payer {i}'s retry was refused as a replay")
            self.assertEqual(self.balance("merchant") - merchant_before, self.PRICE * len(charged))
            counters = self.ok(self.provider, "x402_module", "listResources")["counters"]
            # "recovered": charged, the answer lost before it was recorded; the facilitator alone
            # would have refused these retries with nonce_replayed.
            totals["recovered"] += counters.get("recovered", 0)
            totals["idempotent_replay"] += counters.get("idempotent_replay", 0)
            totals["charged"] += len(charged)
            totals["answered_before_kill"] += answered
            totals["served_on_retry"] += sum(1 for i in charged if first[i] is None or first[i][0] != 200)
            uncharged = sorted({str(final[i][1]) for i in range(PAYERS) if i not in charged})
            log(f"round {rnd}: {answered} answered before the kill, {len(charged)} charged, all {len(charged)} served; "
                f"not charged: {PAYERS - len(charged)} {uncharged}")
        log(f"totals over {ROUNDS} rounds x {PAYERS} payers: {totals}")
        self.assertGreater(totals["charged"], 0)
