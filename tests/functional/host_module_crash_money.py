"""kill -9 of a module's process in the middle of money (docs/decisions.md "Modules in their own
processes"): the caller gets MODULE_CRASHED at once, no money is lost or doubled, the module comes
back by itself and the next call succeeds.

lez-localnet runs with manual blocks and no ticker, so a submitted transaction stays pending (and
the call that waits for it stays in flight) until the test makes the block: the kill always lands
while the call is pending, never before or after it.
 - x402: settlePayment in flight (the facilitator broadcast the payer's transfer and waits for its
   inclusion) when x402_module's process is killed. The transfer is included once; the restarted
   facilitator reconciles its journal; the payer retrying through the merchant with the same
   PAYMENT-SIGNATURE is served once and charged once, and a further retry is a replay.
 - wallet: submit_signed_transaction waiting for inclusion, and transfer_public just after it was
   asked to sign and submit, when wallet_module's process is killed. Each transfer moves its amount
   at most once; resubmitting the killed one is refused as already included; the reopened wallet
   transfers again.
 - Store: a paid query whose proof the provider's payment_streams_module has to verify, with that
   process stopped (SIGSTOP) and then killed while delivery_module waits on the eligibility hook.
   The query is refused naming the crash, nothing is served; the restarted verifier serves the same
   proof once (it was never counted) and refuses it as a replay after that."""
import json
import os
import signal
import threading
import time

from framework import PRODUCT_MODULES, DaemonTestCase, genesis_accounts, log
from streams_common import MODULE, PROVIDER, USER
import streams_delivery
from streams_delivery import PUBSUB, TOPIC
from x402_server_pay import X402ServerCase, b64json, http_request, unb64json

G = genesis_accounts()
PROCESS = {"LOGOSCORE_MODULE_MODE": "process"}
# The crashed call's answer must come within this (the daemon answers it when the child's socket closes).
CRASH_ANSWER_S = 5.0
# A restarted module answers within this (250 ms backoff, then start and initialisation).
COMEBACK_S = 30.0
WAIT_MS = 30000


class BackgroundCall(threading.Thread):
    """One module call over the daemon's socket in the background, with the time its answer came."""

    def __init__(self, node, module, method, args):
        super().__init__(daemon=True)
        self.node, self.module, self.method, self.args = node, module, method, args
        self.answer, self.at = None, None

    def run(self):
        started = time.monotonic()
        try:
            self.answer = self.node.rpc("call", {"module": self.module, "method": self.method, "args": self.args}, timeout=90)
        except (OSError, ValueError) as e:  # a closed connection: no answer line
            self.answer = {"no_answer": repr(e)}
        self.at = time.monotonic() - started


def loaded(node):
    return {m["name"]: m for m in node.cli("list-modules", "--loaded").json or []}


class CrashMoneyMixin:
    def start_daemon(self, name="node", module_dirs=None, extra_args=(), env=None):
        return super().start_daemon(name, module_dirs, extra_args, dict(env or {}, **PROCESS))

    def kill_mid_call(self, node, module, call):
        """kill -9 of `module`'s process while `call` is pending; asserts MODULE_CRASHED came at once."""
        pid = loaded(node)[module]["pid"]
        self.assertNotEqual(pid, node.proc.pid, f"{module} runs in a process of its own")
        self.assertTrue(call.is_alive(), f"{module}: the call answered before the kill: {call.answer}")
        log(f"kill -9 of {module} (pid {pid}) with the call in flight")
        killed_at = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        call.join(CRASH_ANSWER_S)
        self.assertFalse(call.is_alive(), f"{module}: no answer {CRASH_ANSWER_S} s after the kill")
        self.expect_error(call.answer, "MODULE_CRASHED", "crashed")
        log(f"the caller got MODULE_CRASHED {time.monotonic() - killed_at:.2f} s after the kill: {call.answer['message']}")
        return pid

    def wait_back(self, node, module, old_pid):
        deadline = time.monotonic() + COMEBACK_S
        m = {}
        while time.monotonic() < deadline:
            m = loaded(node).get(module, {})
            if m.get("process", {}).get("state") == "running" and m.get("pid") not in (None, 0, old_pid):
                self.assertGreaterEqual(m["process"]["restarts"], 1, m)
                self.assertEqual(m["process"]["last_exit"]["signal"], signal.SIGKILL, m)
                log(f"{module} is back: pid {m['pid']}, restarts {m['process']['restarts']}")
                return m
            time.sleep(0.05)
        self.fail(f"{module} did not come back within {COMEBACK_S} s: {m}")


class HostModuleCrashX402Settle(CrashMoneyMixin, X402ServerCase):
    LOCALNET = {"manual_blocks": True, "tick_s": None}

    def test_kill9_of_x402_while_a_settlement_waits_for_its_block(self):
        fac = self.start_facilitator(self.provider, settle_timeout_ms=WAIT_MS)
        merchant = self.start_merchant(self.provider, fac["url"])
        url = merchant["url"] + "/weather"
        challenge = self.challenge_of(url)
        payload, tx_hash = self.pay(challenge)
        before = {n: self.balance(n) for n in ("user", "merchant")}
        req = {"x402Version": 2, "paymentPayload": payload, "paymentRequirements": challenge["accepts"][0]}
        settle = BackgroundCall(self.provider, "x402_module", "settlePayment", [req])
        settle.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.net.rpc("getTransactionStatus", [tx_hash])["status"] != "pending":
            self.assertTrue(settle.is_alive(), f"settlePayment answered before it broadcast: {settle.answer}")
            time.sleep(0.02)
        self.assertEqual(self.net.rpc("getTransactionStatus", [tx_hash])["status"], "pending", "the facilitator broadcast")
        time.sleep(0.2)  # the facilitator is now polling for inclusion
        old = self.kill_mid_call(self.provider, "x402_module", settle)

        log("the block comes after the crash: the transfer is included once")
        self.net.produce_block(int(time.time() * 1000))
        self.assertEqual(self.net.wait_status(tx_hash)["status"], "included")
        self.assertEqual(self.balance("user"), before["user"] - self.PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + self.PRICE)

        self.wait_back(self.provider, "x402_module", old)
        deadline = time.monotonic() + COMEBACK_S
        info = {}
        while time.monotonic() < deadline:
            info = self.ok(self.provider, "x402_module", "getFacilitatorInfo")
            if info["running"] and self.provider.call("x402_module", "listResources").rc == 0:
                break
            time.sleep(0.1)
        self.assertTrue(info["running"], info)
        self.assertEqual(info["journal"], {"settled": 1}, "the restarted facilitator reconciled the submitted settlement")

        log("the payer retries through the merchant with the same payment: served once, charged once")
        status, headers, body = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body), {"forecast": "sunny", "celsius": 21})
        receipt = unb64json(headers["payment-response"])
        self.assertEqual((receipt["success"], receipt["transaction"]), (True, tx_hash))
        status, headers, _ = http_request(url, headers={"PAYMENT-SIGNATURE": b64json(payload)})
        self.assertEqual((status, headers["x-payment-error"]), (402, "nonce_replayed"))
        again = self.ok(self.provider, "x402_module", "settlePayment", "json:" + json.dumps(req))
        self.assertEqual((again["success"], again["errorReason"]), (False, "nonce_replayed"), again)
        self.assertEqual(self.balance("user"), before["user"] - self.PRICE)
        self.assertEqual(self.balance("merchant"), before["merchant"] + self.PRICE)
        self.assertEqual(self.ok(self.provider, "x402_module", "getFacilitatorInfo")["journal"], {"settled": 1})


class HostModuleCrashWallet(CrashMoneyMixin, DaemonTestCase):
    PASSWORD = "str:crash password"

    def setUp(self):
        super().setUp()
        self.require_modules("wallet_module")
        self.net = self.start_localnet(manual_blocks=True, tick_s=None)
        self.node = self.start_daemon("user", module_dirs=[PRODUCT_MODULES])
        self.node.load("wallet_module")
        self.call("configure", self.net.url)
        self.call("create_new", self.PASSWORD)
        for name in ("user", "provider"):
            self.call("import_account_private_key", "str:" + G[name]["secret_key_hex"])
        self.block_ms = 1_700_000_000_000

    def call(self, op, *args):
        return self.assert_ok(self.node.call("wallet_module", op, *args))["result"]

    def balances(self):
        return {n: int(self.net.rpc("getAccountBalance", [G[n]["account_id"]])) for n in ("user", "provider")}

    def make_block(self):
        self.block_ms += 1000
        return self.net.produce_block(self.block_ms)

    def reopen(self, old_pid):
        self.wait_back(self.node, "wallet_module", old_pid)
        # The keystore is sealed at rest: a restarted wallet process holds no key until it is opened.
        self.expect_error(self.node.call("wallet_module", "sign_transfer_public", G["user"]["account_id"],
                                         G["provider"]["account_id"], "str:1"), "WALLET_NOT_OPEN", "open")
        self.assertEqual(self.call("open", self.PASSWORD)["accounts"], 2)

    def test_kill9_of_the_wallet_while_its_transfer_waits_for_inclusion(self):
        before = self.balances()
        signed = self.call("sign_transfer_public", G["user"]["account_id"], G["provider"]["account_id"], "str:40")
        submit = BackgroundCall(self.node, "wallet_module", "submit_signed_transaction", [signed["transaction_base64"], True, WAIT_MS])
        submit.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.net.rpc("getTransactionStatus", [signed["tx_hash"]])["status"] != "pending":
            time.sleep(0.02)
        self.assertEqual(self.net.rpc("getTransactionStatus", [signed["tx_hash"]])["status"], "pending", "the wallet submitted")
        time.sleep(0.2)
        old = self.kill_mid_call(self.node, "wallet_module", submit)
        self.make_block()
        self.assertEqual(self.net.wait_status(signed["tx_hash"])["status"], "included")
        after = self.balances()
        self.assertEqual((after["user"], after["provider"]), (before["user"] - 40, before["provider"] + 40), "moved once")
        self.reopen(old)

        log("resubmitting the killed transfer is refused: it is already included")
        again = self.node.rpc("call", {"module": "wallet_module", "method": "submit_signed_transaction",
                                       "args": [signed["transaction_base64"], True, WAIT_MS]})
        self.expect_error(again, "CHAIN_ERROR", "already included")
        self.assertEqual(self.balances(), after)

        log("the next transfer succeeds")
        nxt = BackgroundCall(self.node, "wallet_module", "transfer_public", [G["user"]["account_id"], G["provider"]["account_id"], "5"])
        nxt.start()
        time.sleep(1.0)
        self.make_block()
        nxt.join(10)
        self.assertEqual(nxt.answer.get("status"), "ok", nxt.answer)
        self.assertEqual(nxt.answer["result"]["tx_status"], "included", nxt.answer)
        final = self.balances()
        self.assertEqual((final["user"], final["provider"]), (after["user"] - 5, after["provider"] + 5))

    def test_kill9_of_the_wallet_while_it_signs_and_submits(self):
        before = self.balances()
        transfer = BackgroundCall(self.node, "wallet_module", "transfer_public", [G["user"]["account_id"], G["provider"]["account_id"], "7"])
        transfer.start()
        time.sleep(0.3)  # signing and submission are in progress or done; the inclusion cannot come without a block
        old = self.kill_mid_call(self.node, "wallet_module", transfer)
        self.make_block()
        self.make_block()
        moved = before["user"] - self.balances()["user"]
        self.assertIn(moved, (0, 7), "the killed transfer moved its amount at most once")
        self.assertEqual(self.balances()["provider"] - before["provider"], moved, "nothing lost on the way")
        log(f"the killed transfer {'was' if moved else 'was not'} submitted before the kill; moved {moved}")
        self.reopen(old)
        nxt = BackgroundCall(self.node, "wallet_module", "transfer_public", [G["user"]["account_id"], G["provider"]["account_id"], "3"])
        nxt.start()
        time.sleep(1.0)
        self.make_block()
        nxt.join(10)
        self.assertEqual(nxt.answer.get("status"), "ok", nxt.answer)
        self.assertEqual(before["user"] - self.balances()["user"], moved + 3)


class HostModuleCrashStoreVerification(CrashMoneyMixin, streams_delivery.StreamsThroughDelivery):
    """payment_streams_module of the provider is stopped (SIGSTOP) before a paid Store query reaches
    it, so delivery_module's eligibility hook call is certainly pending when the process is killed."""
    test_proposal_stream_and_paid_queries_through_the_hooks = None  # the base's own test runs in its file

    def test_kill9_of_payment_streams_while_delivery_waits_on_the_eligibility_hook(self):
        self.assertEqual(self.query("q-proposal", eligibility={"arm": "stream_proposal"})["statusCode"], 200)
        self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": self.provider_peer})
        balances = {a: self.balance(a) for a in (USER, PROVIDER)}
        q = {"requestId": "q-crash", "includeData": True, "paginationForward": True, "pubsubTopic": PUBSUB,
             "contentTopics": [TOPIC]}
        n8 = self.dm(self.user, "canonicalStoreRequestHex", "json:" + json.dumps(q))["canonicalRequestHex"]
        proof = self.ps(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                        {"canonical_request_hex": n8, "provider_peer_id": self.provider_peer})["bytes_hex"]
        ps_pid = loaded(self.provider)[MODULE]["pid"]
        os.kill(ps_pid, signal.SIGSTOP)
        query = BackgroundCall(self.user, "delivery_module", "storeQuery", [dict(q, eligibilityProofHex=proof)])
        query.start()
        time.sleep(1.0)
        self.assertTrue(query.is_alive(), f"the query answered while its verifier was stopped: {query.answer}")
        log(f"kill -9 of the provider's {MODULE} (pid {ps_pid}) while delivery_module waits on its hook")
        os.kill(ps_pid, signal.SIGKILL)
        query.join(30)
        self.assertFalse(query.is_alive(), "the Store query did not answer after the verifier crashed")
        result = query.answer.get("result", {})
        log(f"the query's answer: {json.dumps(query.answer)[:400]}")
        self.assertNotEqual(result.get("statusCode"), 200, query.answer)
        self.assertEqual(result.get("messages", []), [], "nothing served without a verdict")
        # The Store wire carries the verdict and a sentence only: the sentence names the crash.
        self.assertIn("crashed before it answered", result.get("statusDesc", ""), "the crash is named to the requester")
        self.wait_back(self.provider, MODULE, ps_pid)

        log("the same proof again: served once (it was never counted), then refused as a replay")
        again = self.query("q-crash", eligibilityProofHex=proof)
        self.assertEqual(again["statusCode"], 200, again)
        self.assertEqual(len(again["messages"]), 3)
        replay = self.query("q-crash", eligibilityProofHex=proof)
        self.assertEqual((replay["statusCode"], replay["eligibility"]["name"]), (400, "PROOF_INVALID"))
        self.assertEqual({a: self.balance(a) for a in (USER, PROVIDER)}, balances, "no chain money moved by queries")
