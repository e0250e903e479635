"""Shared setup of the payment_streams_module functional tests: one lez-localnet, a user host and
a provider host (two logoscore daemons), each with wallet_module + payment_streams_module and the
genesis test key of its role imported. Not a test file itself (no test classes)."""
import json
import os
import struct

from framework import PRODUCT_MODULES, DaemonTestCase, genesis_accounts, log

G = genesis_accounts()
USER = G["user"]["account_id"]
PROVIDER = G["provider"]["account_id"]
MODULE = "payment_streams_module"

N8_DOMAIN = b"/LEZ/v0.1/StoreEligibility/"


def n8(request_id, content_topics=("/app/1/chat/proto",), include_data=True):
    """N8 canonical Store request (payment-streams.md §7) as lowercase hex: prefix, request_id,
    include_data, no pubsub topic, content topics, no times, no hashes, no cursor, forward, limit 20."""
    out = N8_DOMAIN + b"\x00" * (32 - len(N8_DOMAIN))
    rid = request_id.encode()
    out += struct.pack("<I", len(rid)) + rid
    out += b"\x01" if include_data else b"\x00"
    out += b"\x00"
    out += struct.pack("<I", len(content_topics))
    for t in content_topics:
        out += struct.pack("<I", len(t)) + t.encode()
    out += b"\x00\x00"
    out += struct.pack("<I", 0)
    out += b"\x00"
    out += b"\x01"
    out += b"\x01" + struct.pack("<Q", 20)
    return out.hex()


class StreamsTestCase(DaemonTestCase):
    """The localnet runs on the test clock (manual blocks): `self.net.advance(seconds)` moves the
    chain time that accrual, depletion and deadlines read, and nothing else moves it."""

    def setUp(self):
        super().setUp()
        self.require_modules(MODULE)
        self.net = self.start_localnet(manual_blocks=True)
        self.user = self.start_host("user", "user")
        self.provider = self.start_host("provider", "provider")

    def start_host(self, name, key_name):
        node = self.start_daemon(name, module_dirs=[PRODUCT_MODULES])
        node.load(MODULE)
        self.wallet(node, "configure", self.net.url)
        self.wallet(node, "create_new", "str:test password")
        self.wallet(node, "import_account_private_key", "str:" + G[key_name]["secret_key_hex"])
        return node

    def restart(self, node):
        node.stop()
        node.start()
        node.load(MODULE)
        self.wallet(node, "open", "str:test password")

    def wallet(self, node, op, *args):
        return self.assert_ok(node.call("wallet_module", op, *args))["result"]

    def ps_raw(self, node, op, params=None):
        return node.call(MODULE, "chainAction", op, "json:" + json.dumps(params or {}), timeout=90)

    def ps(self, node, op, params=None):
        r = self.ps_raw(node, op, params)
        self.assertEqual(r.rc, 0, f"{op} failed: {r}")
        return r.json["result"]

    def ps_error(self, node, op, params, code, message_part):
        """An operation that must fail with the module error `code` and a message containing
        `message_part`; answers the module's error object."""
        r = self.ps_raw(node, op, params)
        self.assertNotEqual(r.rc, 0, f"{op}: expected {code}: {r}")
        self.assertIsInstance(r.json.get("error") if r.json else None, dict, f"{op}: no module error: {r}")
        return self.expect_error(r.json["error"], code, message_part)

    def balance(self, account):
        return int(self.net.rpc("getAccountBalance", [account]))

    def vault(self, node, owner=USER, vault_id=0):
        return self.ps(node, "getVaultStatus", {"owner": owner, "vault_id": vault_id})

    def stream(self, node, stream_id, owner=USER, vault_id=0):
        return self.ps(node, "getStreamStatus", {"owner": owner, "vault_id": vault_id, "stream_id": stream_id})

    def dm(self, node, op, *args):
        """A delivery_module operation that must succeed; its result."""
        return self.assert_ok(node.call("delivery_module", op, *args, timeout=60))["result"]

    def start_provider_store(self, transport=None):
        """Both hosts load delivery_module; the provider serves Store with a SQLite archive over
        `transport` (None: the default, libp2p). Sets provider_addr (multiaddr) and provider_peer."""
        self.require_modules("delivery_module")
        for n in (self.provider, self.user):
            n.load("delivery_module")
        cfg = {"archiveUrl": f"sqlite:{self.provider.root}/store.sqlite"}
        if transport:
            cfg["transport"] = transport
        self.dm(self.provider, "createNode", "json:" + json.dumps(cfg))
        self.provider_addr = self.dm(self.provider, "start")["multiaddr"]
        self.provider_peer = self.dm(self.provider, "getNodeInfo")["peerId"]

    def prepare_handshake(self, provider_peer):
        """Vault 0 funded with 5000, the user's terms (rate 2, allocation 1000) and the provider's
        policy, with `provider_peer` mapped to the provider's account: what a proposal needs."""
        self.new_vault(deposit=5000)
        self.ps(self.user, "registerProviderMapping", {"peer_id": provider_peer, "provider": PROVIDER})
        self.ps(self.user, "configureUserTerms", {"owner": USER, "vault_id": 0, "rate": 2, "allocation": 1000,
                                                  "deadline_delay_seconds": 60})
        self.ps(self.provider, "configureProviderPolicy", {"provider_account": PROVIDER, "min_rate": "1", "min_allocation": 100,
                                                           "max_create_stream_deadline_delay": 300, "replay_window": 64})

    def new_vault(self, vault_id=0, deposit=10000):
        self.ps(self.user, "initializeVault", {"owner": USER, "vault_id": vault_id})
        self.ps(self.user, "deposit", {"owner": USER, "vault_id": vault_id, "amount": str(deposit)})
        log(f"vault {vault_id} funded with {deposit}")
