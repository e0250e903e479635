"""MODE=store: the dual-host paid-services journey, phase by phase.

The user host and the provider host are two logoscore daemons; this file talks to them only
through module operations (Daemon.call). The provider's advertisement (peer id, multiaddr,
service id, account, Store price) is read from the provider's modules and handed to the user's
modules, as a discovery service would; no key or file crosses between hosts.
"""
import base64
import http.client
import json
import os
import time
import urllib.parse

from e2e_processes import E2eError, wait_for

PRODUCT_MODULES = ("wallet_module", "payment_streams_module", "delivery_module", "x402_module")


def expect(condition, message, **details):
    if not condition:
        raise E2eError("CHECK_FAILED", message, details)


def secret_key(fixture, name):
    """A test key inline (localnet fixture) or read from a 0600 key file (testnet fixture)."""
    a = fixture["accounts"].get(name)
    if a is None:
        raise E2eError("FIXTURE_INCOMPLETE", f"the fixture has no '{name}' account")
    if a.get("secret_key_hex"):
        return a["secret_key_hex"]
    path = a.get("secret_key_file", "")
    if not path:
        raise E2eError("FIXTURE_INCOMPLETE", f"account '{name}' has neither secret_key_hex nor secret_key_file")
    path = os.path.expanduser(path)
    try:
        if os.stat(path).st_mode & 0o077:
            raise E2eError("KEY_FILE_UNSAFE", f"{path} must be readable by its owner only (chmod 600)")
        with open(path) as f:
            return f.read().strip()
    except OSError as e:
        raise E2eError("FIXTURE_INCOMPLETE", f"cannot read the key file of '{name}': {e}")


def balance(daemon, account):
    return int(daemon.call("wallet_module", "get_balance", {"account_id": account})["balance"])


class StoreJourney:
    def __init__(self, env, user, provider, fixture):
        self.env = env            # {localnet_url, scaffold, ...}
        self.user = user          # Daemon
        self.provider = provider  # Daemon
        self.fx = fixture         # fixtures/localnet.json
        self.acc = {k: v["account_id"] for k, v in fixture["accounts"].items()}
        self.ad = {}              # the provider's advertisement
        self.published = []       # message hashes the user published
        self.stream = {}          # vault_id, stream_id, owner, provider
        self.proof_query = None

    # ------------------------------------------------------------ host setup

    def _wallet(self, daemon, names):
        daemon.call("wallet_module", "create_new", {"password": self.env["wallet_password"]})
        daemon.call("wallet_module", "configure", {"sequencer_url": self.env["localnet_url"]})
        for n in names:
            daemon.call("wallet_module", "import_account_private_key",
                        {"private_key_hex": secret_key(self.fx, n)})

    def provider_up(self):
        p = self.provider
        for m in PRODUCT_MODULES:
            p.load(m)
        self._wallet(p, ["provider", "merchant"])
        fx = self.fx
        p.call("payment_streams_module", "configureProviderPolicy", {
            "provider_account": self.acc["provider"], "service_id": fx["service_id"],
            "min_rate": int(fx["min_rate"]), "min_allocation": int(fx["min_allocation"]),
            "max_create_stream_deadline_delay": fx["max_create_stream_deadline_delay"]})
        p.call("delivery_module", "createNode", {"configJson": {"store": True, "listenHost": "127.0.0.1", "listenPort": 0}})
        p.call("delivery_module", "start")
        info = p.call("delivery_module", "getNodeInfo")
        p.call("delivery_module", "setEligibilityVerifier", {"moduleName": "payment_streams_module", "arm": "all"})
        p.call("delivery_module", "setEligibilityVerifier", {"moduleName": "x402_module", "arm": "proof_of_payment"})
        fac = p.call("x402_module", "startFacilitator", {"config_json": {"port": 0, "networks": [fx["network"]]}})
        facilitator_url = fac.get("url") or f"http://127.0.0.1:{fac['port']}"
        p.call("x402_module", "configureStorePayment", {"config_json": {
            "amount": fx["x402"]["store_query_price"], "payTo": self.acc["provider"], "asset": "native",
            "network": fx["network"], "maxTimeoutSeconds": 60}})
        merchant = p.call("x402_module", "startMerchant", {"config_json": {
            "port": 0, "facilitator_url": facilitator_url, "network": fx["network"],
            "resources": [{"path": fx["x402"]["resource_path"], "price": fx["x402"]["price"], "asset": "native",
                           "payTo": self.acc["merchant"], "network": fx["network"],
                           "description": "the provider's paid report", "mimeType": "application/json",
                           "maxTimeoutSeconds": 60, "body": json.dumps({"report": "lez-pay e2e paid content"})}]}})
        merchant_url = merchant.get("url") or f"http://127.0.0.1:{merchant['port']}"
        store_req = p.call("x402_module", "getStorePaymentRequirements")
        self.ad = {"peer_id": info["peerId"], "multiaddr": info["multiaddr"], "service_id": fx["service_id"],
                   "provider_account": self.acc["provider"], "merchant_url": merchant_url,
                   "facilitator_url": facilitator_url,
                   "store_payment_requirements": store_req.get("requirements", store_req)}
        return {"peer_id": self.ad["peer_id"], "multiaddr": self.ad["multiaddr"], "merchant_url": merchant_url}

    def user_up(self):
        u = self.user
        for m in PRODUCT_MODULES:
            u.load(m)
        self._wallet(u, ["user", "agent_owner"])
        fx = self.fx
        u.call("delivery_module", "createNode", {"configJson": {"store": False, "listenHost": "127.0.0.1", "listenPort": 0,
                                                                "storeNode": self.ad["multiaddr"]}})
        u.call("delivery_module", "start")
        u.call("delivery_module", "setEligibilityProvider", {"moduleName": "payment_streams_module", "arm": "all"})
        u.call("delivery_module", "setEligibilityProvider", {"moduleName": "x402_module", "arm": "proof_of_payment"})
        # The advertisement reaches the user: provider peer id -> provider account.
        u.call("payment_streams_module", "registerProviderMapping",
               {"peer_id": self.ad["peer_id"], "provider": self.ad["provider_account"]})
        u.call("payment_streams_module", "configureUserTerms", {
            "owner": self.acc["user"], "vault_id": int(fx["vault"]["vault_id"]), "rate": int(fx["stream"]["rate"]),
            "allocation": int(fx["stream"]["allocation"]), "deadline_delay_seconds": int(fx["stream"]["deadline_delay_seconds"])})
        u.call("x402_module", "configureAgent", {"owner_account": self.acc["agent_owner"], "network": fx["network"]})
        # Two principals: the agent browses and asks with a scoped token (never approve), the owner
        # decides with the daemon's own token.
        self.agent_token = u.issue_token("agent", "agent")
        return {"advertisement_received": True, "provider_peer_id": self.ad["peer_id"]}

    # ------------------------------------------------------------ phases

    def publish_messages(self):
        fx = self.fx["store"]
        for i in range(fx["messages"]):
            r = self.user.call("delivery_module", "send", {"contentTopic": fx["content_topic"],
                                                          "payload": f"lez-pay e2e message {i}",
                                                          "pubsubTopic": fx["pubsub_topic"]})
            self.published.append(r.get("messageHash"))
        # Archived on the provider: visible in its own archive.
        q = {"contentTopics": [fx["content_topic"]], "includeData": False, "pageSize": 100}

        def archived():
            r = self.provider.call("delivery_module", "queryLocalArchive", {"queryJson": q})
            return len(r.get("messages", [])) >= fx["messages"] and r
        wait_for(archived, 15, "the provider to archive the published messages")
        return {"messages": len(self.published), "content_topic": fx["content_topic"]}

    def vault_deposit(self):
        fx = self.fx["vault"]
        owner = self.acc["user"]
        before = balance(self.user, owner)
        self.user.call("payment_streams_module", "initializeVault", {"owner": owner, "vault_id": int(fx["vault_id"])})
        r = self.user.call("payment_streams_module", "deposit", {"owner": owner, "vault_id": int(fx["vault_id"]), "amount": fx["deposit"]})
        after = balance(self.user, owner)
        expect(before - after == int(fx["deposit"]), "the owner's balance must fall by exactly the deposit",
               before=str(before), after=str(after))
        status = self.user.call("payment_streams_module", "getVaultStatus", {"owner": owner, "vault_id": int(fx["vault_id"])})
        expect(status.get("balance") == fx["deposit"] and status.get("unallocated") == fx["deposit"],
               "the vault must hold exactly the deposit, all unallocated", status=status)
        return {"vault_id": fx["vault_id"], "deposit": fx["deposit"], "tx_hash": r.get("tx_hash"),
                "holding_balance": status.get("balance"), "unallocated": status.get("unallocated")}

    def _store_query(self, eligibility=None, proof_hex=None, request_id=None, include_data=True):
        q = {"contentTopics": [self.fx["store"]["content_topic"]], "pubsubTopic": self.fx["store"]["pubsub_topic"],
             "includeData": include_data, "pageSize": 50, "paginationForward": True}
        if request_id:
            q["requestId"] = request_id
        if eligibility:
            q["eligibility"] = eligibility
        if proof_hex:
            q["eligibilityProofHex"] = proof_hex
        return self.user.call("delivery_module", "storeQuery",
                              {"queryJson": q, "peerAddr": self.ad["multiaddr"], "timeoutMs": 20000}, timeout_ms=30000)

    @staticmethod
    def _verdict(result):
        e = result.get("eligibility") or {}
        return e.get("name") or ("OK" if result.get("statusCode") == 200 else None)

    def stream_proposal_accepted(self):
        r = self._store_query(eligibility={"arm": "stream_proposal"})
        expect(r.get("statusCode") == 200 and self._verdict(r) == "OK",
               "the provider must accept the stream proposal", result=r)
        return {"status_code": r["statusCode"], "verdict": "OK", "messages": len(r.get("messages", []))}

    def create_stream(self):
        r = self.user.call("payment_streams_module", "createStreamFromAcceptedProposal", {"provider_peer_id": self.ad["peer_id"]})
        self.stream = {"owner": self.acc["user"], "vault_id": int(self.fx["vault"]["vault_id"]), "stream_id": int(r["stream_id"]),
                       "provider": self.acc["provider"]}
        s = self.user.call("payment_streams_module", "getStreamStatus", {k: self.stream[k] for k in ("owner", "vault_id", "stream_id")})
        expect(s.get("stream_state") in ("Active", "ACTIVE", "active"), "the new stream must be active", status=s)
        return {"stream_id": self.stream["stream_id"], "tx_hash": r.get("tx_hash"), "rate": self.fx["stream"]["rate"],
                "allocation": self.fx["stream"]["allocation"]}

    def store_query_success(self):
        r = self._store_query(eligibility={"arm": "stream_proof", "stream_id": self.stream["stream_id"]})
        expect(r.get("statusCode") == 200 and self._verdict(r) == "OK", "a paid query must succeed", result=r)
        got = sorted(base64.b64decode(m["message"]["payload"]).decode() for m in r.get("messages", []))
        want = sorted(f"lez-pay e2e message {i}" for i in range(self.fx["store"]["messages"]))
        expect(got == want, "the paid query must return exactly the published payloads", got=got)
        expect(len(got) == self.fx["store"]["messages"], "the paid query must return every published message",
               returned=len(got))
        return {"status_code": 200, "verdict": "OK", "messages": len(got)}

    def store_query_missing_proof(self):
        r = self._store_query()
        expect(r.get("statusCode") == 400, "a query without proof must get 400", result=r)
        expect(not r.get("messages"), "a refused query must carry no messages")
        v = self._verdict(r)
        expect(v in ("PROOF_INVALID", "PARAMS_REJECTED", "STREAM_NOT_ACTIVE"), "the refusal must carry a verdict", result=r)
        return {"status_code": 400, "verdict": v, "desc": (r.get("eligibility") or {}).get("desc")}

    def store_query_replay_rejected(self):
        # One proof for one request id, prepared through the user's hook provider, sent twice.
        q = {"requestId": f"e2e-replay-{int(time.time() * 1000)}", "contentTopics": [self.fx["store"]["content_topic"]],
             "pubsubTopic": self.fx["store"]["pubsub_topic"], "includeData": True, "pageSize": 50, "paginationForward": True}
        n8 = self.user.call("delivery_module", "canonicalStoreRequestHex", {"queryJson": q})
        n8hex = n8["canonicalRequestHex"]
        proof = self.user.call("payment_streams_module", "prepareEligibilityProofWithStreamProofForStoreQuery",
                               {"canonicalRequestHex": n8hex, "providerPeerId": self.ad["peer_id"],
                                "streamId": self.stream["stream_id"]})
        first = self._store_query(proof_hex=proof["bytes_hex"], request_id=q["requestId"])
        expect(first.get("statusCode") == 200, "the first use of the proof must succeed", result=first)
        second = self._store_query(proof_hex=proof["bytes_hex"], request_id=q["requestId"])
        expect(second.get("statusCode") == 400 and not second.get("messages"), "the replayed proof must be refused",
               result=second)
        return {"first_status": 200, "replay_status": 400, "verdict": self._verdict(second),
                "desc": (second.get("eligibility") or {}).get("desc")}

    # x402: the agent's spend request, the owner's approval, the paid request, the replay.
    def x402_challenge(self):
        url = self.ad["merchant_url"] + self.fx["x402"]["resource_path"]
        r = self.user.call("x402_module", "httpGet", {"url": url, "options": {"reason": self.fx["x402"]["spend_reason"]}},
                           token=self.agent_token)
        expect(r.get("http_status") == 402 and r.get("payment") == "approval_pending",
               "an unpaid request must get 402 and open a spend request", result=r)
        self.spend_request_id = r.get("spend_request_id")
        expect(self.spend_request_id, "the agent must open a spend request for the owner", result=r)
        sr = self.user.call("x402_module", "getSpendRequest", {"id": self.spend_request_id})
        status = sr["spend_request"]["status"]
        expect(status == "pending_approval", "the spend request must wait for the owner", spend_request=sr)
        return {"http_status": 402, "spend_request_id": self.spend_request_id, "spend_request_status": status,
                "amount": sr["spend_request"].get("amount"), "pay_to": sr["spend_request"].get("pay_to")}

    def x402_paid_request(self):
        fx = self.fx["x402"]
        refused = self.user.rpc("call", {"module": "x402_module", "method": "approveSpendRequest", "args": [self.spend_request_id]},
                                token=self.agent_token)
        expect(refused.get("code") == "FORBIDDEN", "the agent's token must not approve its own request", answer=refused)
        self.user.call("x402_module", "approveSpendRequest", {"id": self.spend_request_id})
        payer, payee = self.acc["agent_owner"], self.acc["merchant"]
        b_payer, b_payee = balance(self.user, payer), balance(self.user, payee)
        url = self.ad["merchant_url"] + fx["resource_path"]
        r = self.user.call("x402_module", "httpGet", {"url": url, "options": {"reason": fx["spend_reason"]}}, token=self.agent_token)
        expect(r.get("http_status") == 200 and r.get("payment") == "paid", "the paid request must be served", result=r)
        a_payer, a_payee = balance(self.user, payer), balance(self.user, payee)
        expect(b_payer - a_payer == int(fx["price"]) and a_payee - b_payee == int(fx["price"]),
               "balances must move by exactly the price", payer_delta=str(b_payer - a_payer), payee_delta=str(a_payee - b_payee))
        self.payment_signature = r.get("payment_signature")
        settlement = r.get("settlement") or {}
        audit = self.user.call("x402_module", "getAuditLog", {})["entries"]
        approved = [e for e in audit if e.get("event") == "spend_request_approved" and e.get("spend_request_id") == self.spend_request_id]
        expect(approved, "the audit log must record the owner's approval", audit=audit[-5:])
        return {"http_status": 200, "price": fx["price"], "tx_hash": settlement.get("transaction"),
                "payer_delta": f"-{b_payer - a_payer}", "payee_delta": f"+{a_payee - b_payee}",
                "agent": "token 'agent' (scope agent): asked and paid; approve refused FORBIDDEN",
                "approved_by": approved[-1].get("approved_by"), "approved_via": approved[-1].get("approved_via")}

    def x402_replay_rejected(self):
        expect(self.payment_signature, "the agent must report the PAYMENT-SIGNATURE it sent")
        # The agent's own retry (same payment-identifier id) would be answered again without a second
        # charge; a replay is the same payment under another identity, here without the id.
        replayed = json.loads(base64.b64decode(self.payment_signature))
        replayed.pop("extensions", None)
        signature = base64.b64encode(json.dumps(replayed, separators=(",", ":")).encode()).decode()
        u = urllib.parse.urlsplit(self.ad["merchant_url"])
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        c.request("GET", self.fx["x402"]["resource_path"], headers={"PAYMENT-SIGNATURE": signature})
        resp = c.getresponse()
        body = resp.read()
        headers = {k.lower(): v for k, v in resp.getheaders()}
        c.close()
        reason = None
        if "payment-response" in headers:
            reason = json.loads(base64.b64decode(headers["payment-response"])).get("errorReason")
        reason = reason or headers.get("x-payment-error")
        if reason is None:
            try:
                reason = json.loads(body).get("error")
            except ValueError:
                pass
        expect(resp.status == 402, "a replayed payment must not be served", status=resp.status)
        expect(reason == "nonce_replayed", "a replayed payment must fail with nonce_replayed", reason=reason)
        return {"http_status": resp.status, "error_reason": reason}

    def store_query_x402(self):
        price = int(self.fx["x402"]["store_query_price"])
        b_user, b_prov = balance(self.user, self.acc["user"]), balance(self.user, self.acc["provider"])
        r = self._store_query(eligibility={"arm": "proof_of_payment",
                                           "options": {"payment_requirements": self.ad["store_payment_requirements"],
                                                       "payer_account": self.acc["user"]}})
        expect(r.get("statusCode") == 200 and self._verdict(r) == "OK", "a query paid per query must succeed", result=r)
        a_user, a_prov = balance(self.user, self.acc["user"]), balance(self.user, self.acc["provider"])
        expect(b_user - a_user == price and a_prov - b_prov == price, "the query price must move exactly",
               user_delta=str(b_user - a_user), provider_delta=str(a_prov - b_prov))
        return {"status_code": 200, "verdict": "OK", "messages": len(r.get("messages", [])), "price": str(price)}

    def close_stream(self):
        s = {k: self.stream[k] for k in ("owner", "vault_id", "stream_id")}
        # Fold time is whole seconds: let the stream accrue at least two seconds' worth before
        # closing, so that the claim has something to pay whatever the machine's speed.
        wait_for(lambda: int(self.user.call("payment_streams_module", "getStreamStatus", s)["accrued"]) >= 2 * int(
            self.fx["stream"]["rate"]), 10, "the stream to accrue", interval=0.2)
        r = self.user.call("payment_streams_module", "closeStream", s)
        st = self.user.call("payment_streams_module", "getStreamStatus", s)
        expect(str(st.get("stream_state")).lower() == "closed", "the stream must be closed", status=st)
        self.accrued = int(st.get("accrued") or st.get("accrued_decimal"))
        return {"tx_hash": r.get("tx_hash"), "accrued": str(self.accrued), "unaccrued": str(st.get("unaccrued"))}

    def claim(self):
        s = dict(self.stream)
        before = balance(self.provider, self.acc["provider"])
        vault_before = self.provider.call("payment_streams_module", "getVaultStatus", {"owner": s["owner"], "vault_id": s["vault_id"]})
        r = self.provider.call("payment_streams_module", "claim", s)
        after = balance(self.provider, self.acc["provider"])
        expect(after - before == self.accrued, "the provider's balance must rise by exactly the accrued amount",
               delta=str(after - before), accrued=str(self.accrued))
        vault_after = self.provider.call("payment_streams_module", "getVaultStatus", {"owner": s["owner"], "vault_id": s["vault_id"]})
        ident = lambda v: (v.get("vault_config_account"), v.get("vault_holding_account"),  # noqa: E731
                           v["decoded"].get("owner"), v["decoded"].get("vault_id"))
        expect(ident(vault_before) == ident(vault_after) and vault_after["decoded"]["owner"] == s["owner"],
               "the vault identities must hold", before=vault_before, after=vault_after)
        expect(int(vault_before["balance"]) - int(vault_after["balance"]) == self.accrued,
               "the vault holding must pay exactly the claim", before=vault_before["balance"], after=vault_after["balance"])
        return {"tx_hash": r.get("tx_hash"), "claimed": str(after - before), "provider_balance": str(after)}

    def phases(self):
        return [("provider_up", self.provider_up), ("user_up", self.user_up),
                ("publish_messages", self.publish_messages), ("vault_deposit", self.vault_deposit),
                ("stream_proposal_accepted", self.stream_proposal_accepted), ("create_stream", self.create_stream),
                ("store_query_success", self.store_query_success),
                ("store_query_missing_proof", self.store_query_missing_proof),
                ("store_query_replay_rejected", self.store_query_replay_rejected),
                ("x402_challenge", self.x402_challenge), ("x402_paid_request", self.x402_paid_request),
                ("x402_replay_rejected", self.x402_replay_rejected), ("store_query_x402", self.store_query_x402),
                ("close_stream", self.close_stream), ("claim", self.claim)]
