"""LIP-155 session keys live in wallet_module only (docs/decisions.md "Session keys in the wallet"):
after a proposal and paid queries, payment_streams_module's directory holds no key file, the
wallet's own sealed session key file holds the one session key, a proof is made with the owner's
keystore locked, a refused proposal's key is forgotten by the wallet, and only payment_streams_module
may import a key. In process mode the payment_streams process's memory does not hold the secret
(the wallet's does: the scanner's positive control), also after a kill -9 of that process, whose
next paid query is served with the same session key. An install with the old session_keys.sealed
in payment_streams_module's directory hands its keys to the wallet when the module starts."""
import json
import os
import secrets
import signal
import time

from framework import log
from sealed_box import open_sealed, seal
from streams_common import MODULE, PROVIDER, USER, StreamsTestCase, n8

PROVIDER_PEER = "16Uiu2HAmProviderPeer"
USER_PEER = "16Uiu2HAmUserPeer"
WALLET_FILES = ("wallet_session_keys.sealed", "wallet_session_keys.secret")
LEGACY_FILES = ("session_keys.sealed", "session_keys.secret")
COMEBACK_S = 30.0


def module_dir(node, module):
    return os.path.join(node.persistence, module, "default")


def loaded(node):
    return {m["name"]: m for m in node.cli("list-modules", "--loaded").json or []}


CHUNK = 16 << 20
# Writable mappings above this size are a sanitizer's shadow memory (AddressSanitizer reserves
# terabytes, MAP_NORESERVE) and hold shadow bytes, never program data; every heap, stack and data
# mapping of these processes is far smaller.
MAX_SCANNED_MAPPING = 4 << 30


def memory_holds(pid, needle):
    """True when any writable mapping of process `pid` contains `needle` (read via /proc/<pid>/mem,
    in chunks that overlap by len(needle) - 1 so a needle across a chunk border is found)."""
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            fields = line.split()
            if not fields[1].startswith("rw") or (len(fields) > 5 and fields[5].startswith("[v")):
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            if end - start > MAX_SCANNED_MAPPING:
                continue
            tail = b""
            for at in range(start, end, CHUNK):
                try:
                    mem.seek(at)
                    data = mem.read(min(CHUNK, end - at))
                except (OSError, ValueError, OverflowError):
                    tail = b""
                    continue
                if needle in tail + data:
                    return True
                tail = data[-(len(needle) - 1):] if len(needle) > 1 else b""
    return False


class SessionKeysBase(StreamsTestCase):
    def setUp(self):
        super().setUp()
        self.prepare_handshake(PROVIDER_PEER)

    def verify(self, proof_hex, request_hex):
        r = self.ps_raw(self.provider, "verifyEligibilityForStoreQuery",
                        {"proof_hex": proof_hex, "canonical_request_hex": request_hex, "requester_peer_id": USER_PEER})
        return r.json["result"] if r.rc == 0 else r.json["error"]

    def handshake(self):
        proposal = self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                           {"canonical_request_hex": n8("req-0"), "provider_peer_id": PROVIDER_PEER})
        self.assertEqual(self.verify(proposal["bytes_hex"], n8("req-0"))["eligibility"], "OK")
        self.ps(self.user, "createStreamFromAcceptedProposal", {"provider_peer_id": PROVIDER_PEER})
        return proposal

    def paid_query(self, request_id):
        proof = self.ps(self.user, "prepareEligibilityProofWithStreamProofForStoreQuery",
                        {"canonical_request_hex": n8(request_id), "provider_peer_id": PROVIDER_PEER})
        verdict = self.verify(proof["bytes_hex"], n8(request_id))
        self.assertEqual(verdict["eligibility"], "OK", verdict)
        log(f"paid query {request_id}: the provider accepted the stream proof")

    def negotiation_key(self):
        negotiations = self.ps(self.user, "getConfiguration")["negotiations"]
        self.assertEqual(len(negotiations), 1, negotiations)
        return negotiations[0]["session_public_key"]

    def wallet_session_secrets(self, node):
        """The secret keys (bytes) in the wallet's sealed session key file, opened with its password file."""
        base = module_dir(node, "wallet_module")
        for name in WALLET_FILES:
            self.assertEqual(os.stat(os.path.join(base, name)).st_mode & 0o777, 0o600, name)
        with open(os.path.join(base, WALLET_FILES[1])) as f:
            password = f.read()
        with open(os.path.join(base, WALLET_FILES[0])) as f:
            body = json.loads(open_sealed(f.read(), password))
        self.assertEqual(body["version"], 1)
        return [bytes.fromhex(k) for k in body["session_keys"]]

    def assert_no_key_file_in_payment_streams(self, node):
        names = sorted(os.listdir(module_dir(node, MODULE)))
        self.assertFalse([n for n in names if "key" in n or n.endswith(".secret") or n.endswith(".sealed")],
                         f"payment_streams_module's directory holds a key file: {names}")

    def wallet_session_count(self, node, expected, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            count = len(self.wallet_session_secrets(node))
            if count == expected or time.monotonic() > deadline:
                return count
            time.sleep(0.1)


class StreamsSessionKeysInWallet(SessionKeysBase):
    def test_session_keys_are_made_held_and_forgotten_by_the_wallet(self):
        proposal = self.handshake()
        self.paid_query("req-1")
        self.assertEqual(self.negotiation_key(), proposal["session_public_key"])
        self.assert_no_key_file_in_payment_streams(self.user)
        self.assertEqual(len(self.wallet_session_secrets(self.user)), 1, "the wallet's file holds the proposal's session key")

        log("the wallet signs with the session key; the key itself is never answered")
        signed = self.wallet(self.user, "sign_with_session_key", "str:" + proposal["session_public_key"], "str:" + "ab" * 32)
        self.assertEqual(len(signed["signature"]), 128)
        self.expect_error(self.user.call("wallet_module", "sign_with_session_key", "str:" + "cd" * 32, "str:" + "ab" * 32),
                          "SESSION_KEY_UNKNOWN", "no session key")
        self.expect_error(self.user.call("wallet_module", "import_session_key", "str:" + secrets.token_hex(32)),
                          "SESSION_KEY_IMPORT_REFUSED", "only payment_streams_module")

        log("a session key made and forgotten through the wallet's operations: signing with it stops at once")
        made = self.wallet(self.user, "create_session_key")["public_key"]
        self.assertEqual(len(made), 64)
        self.assertEqual(len(self.wallet_session_secrets(self.user)), 2)
        self.assertEqual(len(self.wallet(self.user, "sign_with_session_key", "str:" + made, "str:" + "ab" * 32)["signature"]), 128)
        self.assertTrue(self.wallet(self.user, "forget_session_key", "str:" + made)["forgotten"])
        self.assertFalse(self.wallet(self.user, "forget_session_key", "str:" + made)["forgotten"], "forgetting twice")
        self.expect_error(self.user.call("wallet_module", "sign_with_session_key", "str:" + made, "str:" + "ab" * 32),
                          "SESSION_KEY_UNKNOWN", "no session key")
        self.assertEqual(len(self.wallet_session_secrets(self.user)), 1, "only the proposal's key is left in the wallet's file")

        log("the owner's keystore locked (daemon restarted, wallet not opened): a paid query still gets its proof")
        self.user.stop()
        self.user.start()
        self.user.load(MODULE)
        self.paid_query("req-2")

        log("a refused proposal's session key is forgotten by the wallet")
        self.wallet(self.user, "open", "str:test password")
        other = "16Uiu2HAmOtherProvider"
        self.ps(self.user, "registerProviderMapping", {"peer_id": other, "provider": PROVIDER})
        self.ps(self.user, "prepareEligibilityProofWithStreamProposalForStoreQuery",
                {"canonical_request_hex": n8("req-o"), "provider_peer_id": other})
        self.assertEqual(self.wallet_session_count(self.user, 2), 2)
        self.assertTrue(self.ps(self.user, "markProposalRejected", {"provider_peer_id": other})["forgotten"])
        self.assertEqual(self.wallet_session_count(self.user, 1), 1, "the refused proposal's key is gone from the wallet")
        self.paid_query("req-3")
        self.assert_no_key_file_in_payment_streams(self.user)

    def test_an_old_session_key_file_is_handed_to_the_wallet(self):
        proposal = self.handshake()
        self.paid_query("req-1")
        [secret] = self.wallet_session_secrets(self.user)
        self.user.stop()
        log("an install from before: the session key sealed in payment_streams_module's own files, none in the wallet")
        wallet_dir = module_dir(self.user, "wallet_module")
        for name in WALLET_FILES:
            os.remove(os.path.join(wallet_dir, name))
        ps_dir = module_dir(self.user, MODULE)
        password = secrets.token_hex(32)
        plain = json.dumps({proposal["session_public_key"]: secret.hex()}).encode()
        for name, text in ((LEGACY_FILES[0], seal(plain, password)), (LEGACY_FILES[1], password)):
            fd = os.open(os.path.join(ps_dir, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(text)
        self.user.start()
        self.user.load(MODULE)
        self.paid_query("req-2")
        self.assertEqual(self.wallet_session_secrets(self.user), [secret], "the wallet holds the handed-over key")
        self.assert_no_key_file_in_payment_streams(self.user)
        self.paid_query("req-3")


class StreamsSessionKeysProcessMemory(SessionKeysBase):
    """Process mode whatever the suite's mode: the payment_streams module needs a process of its own."""

    def start_daemon(self, name="node", module_dirs=None, extra_args=(), env=None):
        return super().start_daemon(name, module_dirs, extra_args, dict(env or {}, LOGOSCORE_MODULE_MODE="process"))

    def pids(self):
        m = loaded(self.user)
        self.assertNotEqual(m[MODULE]["pid"], self.user.proc.pid, "payment_streams_module runs in a process of its own")
        return m[MODULE]["pid"], m["wallet_module"]["pid"]

    def assert_secret_only_in_the_wallet(self, secret):
        ps_pid, wallet_pid = self.pids()
        self.assertTrue(memory_holds(wallet_pid, secret), "the scanner finds the session secret in the wallet's process")
        for needle, form in ((secret, "bytes"), (secret.hex().encode(), "hex")):
            self.assertFalse(memory_holds(ps_pid, needle), f"payment_streams_module's process holds the session secret ({form})")
        log(f"the session secret is in the wallet's process (pid {wallet_pid}), not in payment_streams' (pid {ps_pid})")
        return ps_pid

    def wait_back(self, old_pid):
        deadline = time.monotonic() + COMEBACK_S
        m = {}
        while time.monotonic() < deadline:
            m = loaded(self.user).get(MODULE, {})
            if m.get("process", {}).get("state") == "running" and m.get("pid") not in (None, 0, old_pid):
                return
            time.sleep(0.05)
        self.fail(f"{MODULE} did not come back within {COMEBACK_S} s: {m}")

    def test_the_session_secret_is_never_in_the_payment_streams_process(self):
        proposal = self.handshake()
        self.paid_query("req-1")
        [secret] = self.wallet_session_secrets(self.user)
        ps_pid = self.assert_secret_only_in_the_wallet(secret)

        log(f"kill -9 of payment_streams_module (pid {ps_pid}) between two paid queries")
        os.kill(ps_pid, signal.SIGKILL)
        self.wait_back(ps_pid)
        self.paid_query("req-2")
        self.assertEqual(self.negotiation_key(), proposal["session_public_key"], "the same session key after the restart")
        sessions = self.ps(self.provider, "listProviderSessions")["sessions"]
        self.assertEqual([s["session_public_key"] for s in sessions], [proposal["session_public_key"]], "one session")
        self.assertGreaterEqual(sessions[0]["requests_served"], 2, "both paid queries in the one session")
        self.assertEqual(self.wallet_session_secrets(self.user), [secret])
        self.assert_secret_only_in_the_wallet(secret)
        self.assert_no_key_file_in_payment_streams(self.user)
