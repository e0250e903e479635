"""A provider fleet on one PostgreSQL: two provider daemons on one machine (each with its own wallet,
Store node, facilitator and merchant on ports of its own) share one PostgreSQL server started by
this test on loopback (pg_server.py): the Store archive, the stream-proof replay memory, the
settlement journal and the served payments. A user daemon pays and queries.

Proves: (a) one x402 payment raced over both merchants/facilitators, 1,000 attempts from threads
with keep-alive connections, settles once on chain and is served once; (b) a stream proof served
by one instance is refused as a replay by the other; (c) a message stored through one instance's
archive is answered by the other's Store; (d) PostgreSQL stopped mid-run: stable error codes,
nothing charged, and service resumes once it is back, without restarting a daemon."""
import http.client
import json
import threading
import time
import unittest
import urllib.parse

from framework import PRODUCT_MODULES, DaemonTestCase, genesis_accounts, log
from streams_common import n8
from x402_server_pay import authorization_digest, b64json, http_request, unb64json
import pg_server

G = genesis_accounts()
USER = G["user"]["account_id"]
PROVIDER = G["provider"]["account_id"]
PS = "payment_streams_module"
PRICE = 25
# Both merchants answer for one public address (a load balancer's): the payment names it.
PUBLIC = "http://fleet.lezpay.test"
PROVIDER_PEER = "16Uiu2HAmFleetProviderPeer"
USER_PEER = "16Uiu2HAmFleetUserPeer"
TOPIC = "/lezpay/1/fleet/proto"
PUBSUB = "/waku/2/default-waku/proto"
ATTEMPTS = 1000
THREADS = 40
RACE_SECONDS = 240


class FleetPostgresql(DaemonTestCase):
    serial = 0

    @classmethod
    def setUpClass(cls):
        reason = pg_server.unavailable_reason()
        if reason:
            raise unittest.SkipTest(reason)
        cls.pg = pg_server.PgServer().start()
        log(f"postgresql up on 127.0.0.1:{cls.pg.port}")

    @classmethod
    def tearDownClass(cls):
        cls.pg.stop()

    def setUp(self):
        super().setUp()
        self.require_modules("wallet_module", "delivery_module", "x402_module", PS)
        FleetPostgresql.serial += 1
        self.dbname = f"fleet{FleetPostgresql.serial}"
        self.db_url = self.pg.create_database(self.dbname)
        self.net = self.start_localnet(interval_ms=100)
        self.user = self.start_daemon("user", module_dirs=[PRODUCT_MODULES])
        for m in ("wallet_module", PS, "delivery_module"):
            self.user.load(m)
        self.wallet(self.user, "configure", self.net.url)
        self.wallet(self.user, "create_new", "str:user password")
        self.wallet(self.user, "import_account_private_key", "str:" + G["user"]["secret_key_hex"])
        self.instances = [self.start_instance(i) for i in (1, 2)]

    def start_instance(self, i):
        """One provider daemon of the fleet: its own wallet, Store node, facilitator and merchant,
        every store on the shared PostgreSQL."""
        node = self.start_daemon(f"provider{i}", module_dirs=[PRODUCT_MODULES])
        for m in ("wallet_module", "delivery_module", "x402_module", PS):
            node.load(m)
        self.wallet(node, "configure", self.net.url)
        self.wallet(node, "create_new", f"str:provider {i} password")
        self.wallet(node, "import_account_private_key", "str:" + G["provider"]["secret_key_hex"])
        configured = self.ps(node, "configure", {"replay_store_url": self.db_url})
        self.assertNotIn(self.pg.password, json.dumps(configured))
        self.ps(node, "configureProviderPolicy", {"provider_account": PROVIDER, "min_rate": "1", "min_allocation": 100})
        fac = self.ok(node, "x402_module", "startFacilitator", "json:" + json.dumps({"journal_url": self.db_url}))
        resources = [{"path": "/weather", "price": str(PRICE), "payTo": G["merchant"]["account_id"],
                      "description": "today's weather", "mimeType": "application/json", "maxTimeoutSeconds": 120,
                      "body": {"forecast": "sunny"}}]
        merchant = self.ok(node, "x402_module", "startMerchant", "json:" + json.dumps(
            {"port": 0, "facilitator_url": fac["url"], "public_base_url": PUBLIC, "payments_url": self.db_url,
             "resources": resources}))
        self.dm(node, "createNode", "json:" + json.dumps({"archiveUrl": self.db_url}))
        addr = self.dm(node, "start")["multiaddr"]
        info = self.ok(node, "x402_module", "getFacilitatorInfo")
        self.assertNotIn(self.pg.password, json.dumps(info))
        self.assertIn(":***@", info["journal_path"])
        log(f"provider{i}: merchant port {merchant['port']}, facilitator {fac['url']}, store {addr}")
        # merchant["url"] is the public address; each instance listens on its own loopback port.
        return {"node": node, "merchant": f"http://127.0.0.1:{merchant['port']}", "facilitator": fac["url"], "store": addr}

    # --- helpers ---

    def ok(self, node, module, op, *args, timeout=90):
        return self.assert_ok(node.call(module, op, *args, timeout=timeout))["result"]

    def wallet(self, node, op, *args):
        return self.ok(node, "wallet_module", op, *args)

    def dm(self, node, op, *args):
        return self.ok(node, "delivery_module", op, *args)

    def ps_raw(self, node, op, params=None):
        return node.call(PS, "chainAction", op, "json:" + json.dumps(params or {}), timeout=90)

    def ps(self, node, op, params=None):
        r = self.ps_raw(node, op, params)
        self.assertEqual(r.rc, 0, f"{op} failed: {r}")
        return r.json["result"]

    def verify(self, node, proof_hex, request_hex):
        r = node.rpc("call", {"module": PS, "method": "chainAction", "args": ["verifyEligibilityForStoreQuery", {
            "proof_hex": proof_hex, "canonical_request_hex": request_hex, "requester_peer_id": USER_PEER}],
            "timeout_ms": 60000}, timeout=70)
        return r["result"] if r.get("status") == "ok" else r.get("error", r)

    def balance(self, name):
        return int(self.net.rpc("getAccountBalance", [G[name]["account_id"]]))

    def pay(self, challenge):
        """A PAYMENT-SIGNATURE value from the user's wallet (sign without broadcast)."""
        accepted = challenge["accepts"][0]
        signed = self.wallet(self.user, "sign_transfer_public", USER, accepted["payTo"], "str:" + accepted["amount"])
        now = int(time.time())
        va, vb = now - 600, now + accepted["maxTimeoutSeconds"]
        url = challenge["resource"]["url"]
        auth = self.wallet(self.user, "sign_public_payload", USER,
                           "str:" + authorization_digest(signed["tx_hash"], va, vb, url))
        payload = {"x402Version": 2, "resource": challenge["resource"], "accepted": accepted,
                   "payload": {"transaction": signed["transaction_base64"], "validAfter": va, "validBefore": vb,
                               "authorization": auth["result"]}}
        self.last_payload = payload
        return b64json(payload), signed["tx_hash"]

    def challenge(self, instance):
        status, headers, body = http_request(instance["merchant"] + "/weather")
        self.assertEqual(status, 402, body)
        challenge = unb64json(headers["payment-required"])
        self.assertEqual(challenge["resource"]["url"], PUBLIC + "/weather")
        return challenge

    def paid_total(self):
        """Paid answers over both merchants (`recovered` counts recovery attempts, served or not)."""
        total = 0
        for i, inst in enumerate(self.instances, 1):
            counters = self.ok(inst["node"], "x402_module", "listResources")["counters"]
            log(f"merchant {i} counters: {counters}")
            total += counters.get("paid", 0)
        return total

    def open_session(self):
        """Vault, user terms, one proposal accepted by both instances (a fleet behind one peer id),
        then the stream on chain."""
        self.ps(self.user, "initializeVault", {"owner": USER, "vault_id": 0})
        self.ps(self.user, "deposit", {"owner": USER, "vault_id": 0, "amount": "5000"})
        self.ps(self.user, "registerProviderMapping", {"peer_id": PROVIDER_PEER, "provider": PROVIDER})
        self.ps(self.user, "configureUserTerms", {"owner": USER, "vault_id": 0, "rate": 1, "allocation": 1000,
                                                  "deadline_delay_seconds": 120})
        proposal = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                           {"canonical_request_hex": n8("fleet-proposal"), "provider_peer_id": PROVIDER_PEER})
        for inst in self.instances:
            v = self.verify(inst["node"], proposal["bytes_hex"], n8("fleet-proposal"))
            self.assertEqual(v.get("eligibility"), "OK", v)
        self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": PROVIDER_PEER})

    def proof(self, request_id):
        p = self.ps(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                    {"canonical_request_hex": n8(request_id), "provider_peer_id": PROVIDER_PEER})
        return p["bytes_hex"]

    # --- (a) ---

    def test_one_payment_raced_over_both_facilitators_settles_and_is_served_once(self):
        header, tx_hash = self.pay(self.challenge(self.instances[0]))
        before = {n: self.balance(n) for n in ("user", "merchant")}
        statuses = {}
        errors = []
        lock = threading.Lock()
        barrier = threading.Barrier(THREADS)
        deadline = time.time() + RACE_SECONDS

        def attempts(t):
            u = urllib.parse.urlsplit(self.instances[t % 2]["merchant"])
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
            barrier.wait()
            for _ in range(ATTEMPTS // THREADS):
                if time.time() > deadline:
                    with lock:
                        errors.append("time bound reached")
                    return
                try:
                    conn.request("GET", "/weather", headers={"PAYMENT-SIGNATURE": header})
                    r = conn.getresponse()
                    r.read()
                    key = (r.status, r.getheader("x-payment-error"))
                    if r.getheader("connection", "").lower() == "close":
                        conn.close()
                except (OSError, http.client.HTTPException) as e:
                    conn.close()
                    key = ("io", type(e).__name__)
                with lock:
                    statuses[key] = statuses.get(key, 0) + 1
            conn.close()

        log(f"{ATTEMPTS} attempts with one payment from {THREADS} keep-alive connections over both merchants")
        began = time.time()
        threads = [threading.Thread(target=attempts, args=(t,), daemon=True) for t in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=RACE_SECONDS + 60)
        log(f"answers in {time.time() - began:.1f} s: {statuses}")
        self.assertEqual(errors, [])
        self.assertEqual(sum(statuses.values()), ATTEMPTS, statuses)
        self.assertEqual(statuses.get((200, None), 0), 1, statuses)
        refused = {k: v for k, v in statuses.items() if k != (200, None)}
        self.assertTrue(all(k[0] == 402 for k in refused), f"only 402 refusals expected: {statuses}")

        log("on chain: one transfer of the price; in PostgreSQL: one settlement delivered, one served payment")
        self.assertEqual(self.net.wait_status(tx_hash)["status"], "included")
        self.assertEqual(before["user"] - self.balance("user"), PRICE)
        self.assertEqual(self.balance("merchant") - before["merchant"], PRICE)
        self.assertEqual(self.pg.sql(self.dbname, "SELECT count(*) FROM settlements"), "1")
        self.assertEqual(self.pg.sql(self.dbname, "SELECT state || ',' || delivered FROM settlements"), "settled,1")
        self.assertEqual(self.pg.sql(self.dbname, "SELECT count(*) FROM served"), "1")
        self.assertEqual(self.paid_total(), 1)

    # --- (b) ---

    def test_stream_proof_served_by_one_instance_is_a_replay_at_the_other(self):
        self.open_session()
        one, two = self.instances[0]["node"], self.instances[1]["node"]
        log("a proof served by provider1 is refused as a replay by provider2, and the other way round")
        p1 = self.proof("fleet-q1")
        self.assertEqual(self.verify(one, p1, n8("fleet-q1")).get("eligibility"), "OK")
        v = self.verify(two, p1, n8("fleet-q1"))
        self.assertEqual(v.get("eligibility"), "PROOF_INVALID", v)
        self.assertIn("already served", v.get("message", ""), v)
        p2 = self.proof("fleet-q2")
        self.assertEqual(self.verify(two, p2, n8("fleet-q2")).get("eligibility"), "OK")
        v = self.verify(one, p2, n8("fleet-q2"))
        self.assertEqual(v.get("eligibility"), "PROOF_INVALID", v)
        self.assertIn("already served", v.get("message", ""), v)
        self.assertEqual(self.pg.sql(self.dbname, "SELECT count(*) FROM served_ids"), "2")

    # --- (c) ---

    def test_message_stored_through_one_archive_is_answered_by_the_other(self):
        one, two = self.instances
        self.dm(self.user, "createNode", "json:" + json.dumps({"storeService": False, "storeNode": one["store"]}))
        self.dm(self.user, "start")
        sent = [self.dm(self.user, "send", TOPIC, f"str:fleet message {i}")["messageHash"] for i in range(3)]
        deadline = time.time() + 15
        while self.dm(one["node"], "getNodeInfo")["archive"]["messages"] < 3:
            self.assertLess(time.time(), deadline, "provider1 did not archive the messages")
            time.sleep(0.05)
        log("provider2, which never received them, answers them from the shared archive")
        q = {"requestId": "fleet-c", "includeData": True, "paginationForward": True, "pubsubTopic": PUBSUB,
             "contentTopics": [TOPIC]}
        r = self.dm(self.user, "storeQuery", "json:" + json.dumps(q), "str:" + two["store"])
        self.assertEqual(r["statusCode"], 200, r)
        self.assertEqual([m["messageHash"] for m in r["messages"]], sent)

    # --- (d) ---

    def test_postgresql_down_mid_run_fails_clearly_charges_nothing_and_recovers(self):
        self.open_session()
        one = self.instances[0]
        challenge = self.challenge(one)
        header, tx_hash = self.pay(challenge)
        settle_request = {"x402Version": 2, "paymentPayload": self.last_payload, "paymentRequirements": challenge["accepts"][0]}
        proof = self.proof("fleet-down")
        before = {n: self.balance(n) for n in ("user", "merchant")}
        self.dm(self.user, "createNode", "json:" + json.dumps({"storeService": False, "storeNode": one["store"]}))
        self.dm(self.user, "start")
        query = {"requestId": "fleet-d", "includeData": False, "paginationForward": True, "pubsubTopic": PUBSUB,
                 "contentTopics": [TOPIC]}

        log("PostgreSQL stopped: the paid request, the proof check and the facilitator fail with stable codes")
        self.pg.halt()
        try:
            status, headers, body = http_request(one["merchant"] + "/weather", headers={"PAYMENT-SIGNATURE": header})
            self.assertEqual(status, 503, body)
            self.assertEqual(headers.get("x-payment-error"), "merchant_storage_unavailable", headers)
            self.assertIn(b"nothing was charged", body)
            self.assertNotIn(self.pg.password.encode(), body)
            v = self.verify(one["node"], proof, n8("fleet-down"))
            self.assertNotEqual(v.get("eligibility"), "OK", v)
            self.assertIn('"REPLAY_STORE_FAILED"', json.dumps(v), v)
            self.assertIn("could not write the replay record", json.dumps(v), v)
            self.assertNotIn(self.pg.password, json.dumps(v))
            settled = self.ok(one["node"], "x402_module", "settlePayment", "json:" + json.dumps(settle_request))
            self.assertFalse(settled["success"], settled)
            self.assertEqual(settled["errorReason"], "unexpected_settle_error", settled)
            self.assertIn("claiming a settlement failed", settled["errorMessage"], settled)
            self.assertNotIn(self.pg.password, json.dumps(settled))
            r = self.dm(self.user, "storeQuery", "json:" + json.dumps(query))
            self.assertEqual(r["statusCode"], 503, r)
            self.assertIn("the archive is unavailable", r["statusDesc"], r)
            time.sleep(1)
            self.assertEqual(self.net.rpc("getTransactionStatus", [tx_hash])["status"], "unknown")
            self.assertEqual({n: self.balance(n) for n in ("user", "merchant")}, before)
        finally:
            self.pg.resume()

        log("PostgreSQL back: the same payment and proof are served, with no daemon restarted")
        deadline = time.time() + 30
        while True:
            status, headers, body = http_request(one["merchant"] + "/weather", headers={"PAYMENT-SIGNATURE": header})
            if status == 200 or time.time() > deadline:
                break
            time.sleep(0.5)
        self.assertEqual(status, 200, (headers, body))
        self.assertEqual(before["user"] - self.balance("user"), PRICE)
        v = self.verify(one["node"], proof, n8("fleet-down"))
        self.assertEqual(v.get("eligibility"), "OK", v)
        for _ in range(3):  # the archive's first call after the restart may still meet the old connection
            r = self.dm(self.user, "storeQuery", "json:" + json.dumps(query))
            if r["statusCode"] == 200:
                break
        self.assertEqual(r["statusCode"], 200, r)


if __name__ == "__main__":
    unittest.main()
