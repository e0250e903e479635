"""delivery_module's libp2p identity key lives in wallet_module (docs/decisions.md "Node identity
key in the wallet"): delivery asks node_key_public and node_key_sign and never holds the key.
  - the peer id survives a daemon restart; delivery's directory holds no key file, the wallet's
    node_keys.json (sealed) and node_keys.password are 0600, and no secret is in an answer or log;
  - a node_key.json of an earlier version is moved into the wallet once (the peer id stays: saved
    /p2p/<peer id> addresses keep working) and deleted; a file left by an import whose delete did
    not happen is deleted at the next start; a file holding another key than the wallet's is
    refused with NODE_KEY_CONFLICT and kept."""
import hashlib
import json
import os
import stat
import unittest

from framework import PRODUCT_MODULES, DaemonTestCase, log

# secp256k1 (SEC 2) for the expected peer id of a known legacy key, without a crypto package.
P = 2**256 - 2**32 - 977
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
G = (0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
     0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def point_add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and (a[1] + b[1]) % P == 0:
        return None
    if a == b:
        m = 3 * a[0] * a[0] * pow(2 * a[1], -1, P) % P
    else:
        m = (b[1] - a[1]) * pow(b[0] - a[0], -1, P) % P
    x = (m * m - a[0] - b[0]) % P
    return x, (m * (a[0] - x) - a[1]) % P


def peer_id_of(secret):
    k, acc, add = int.from_bytes(secret, "big"), None, G
    while k:
        if k & 1:
            acc = point_add(acc, add)
        add = point_add(add, add)
        k >>= 1
    compressed = bytes([2 + (acc[1] & 1)]) + acc[0].to_bytes(32, "big")
    multihash = b"\x00\x25\x08\x02\x12\x21" + compressed  # identity multihash of the PublicKey protobuf
    n, text = int.from_bytes(multihash, "big"), ""
    while n:
        n, r = divmod(n, 58)
        text = B58[r] + text
    return "1" * (len(multihash) - len(multihash.lstrip(b"\x00"))) + text


LEGACY = hashlib.sha256(b"lez-pay functional legacy node key").digest()
assert 0 < int.from_bytes(LEGACY, "big") < N


class DeliveryNodeKey(DaemonTestCase):
    def setUp(self):
        super().setUp()
        self.require_modules("delivery_module", "wallet_module")
        self.node = self.start_daemon("node", module_dirs=[PRODUCT_MODULES])

    def delivery_dir(self):
        return os.path.join(self.node.persistence, "delivery_module", "default")

    def wallet_dir(self):
        return os.path.join(self.node.persistence, "wallet_module", "default")

    def create(self):
        return self.node.call("delivery_module", "createNode", "json:" + json.dumps({"listenHost": "127.0.0.1", "listenPort": 0}), timeout=60)

    def start_node(self):
        created = self.assert_ok(self.create())["result"]
        started = self.assert_ok(self.node.call("delivery_module", "start", timeout=60))["result"]
        self.assertEqual(started["peerId"], created["peerId"])
        return started["peerId"]

    def restart_daemon(self):
        self.node.stop()
        self.node.start()
        self.node.load("delivery_module")

    def key_files(self):
        found = []
        for root, _, files in os.walk(self.node.persistence):
            found += [os.path.join(root, f) for f in files if f.startswith("node_key")]
        return sorted(found)

    def write_legacy(self, secret):
        os.makedirs(self.delivery_dir(), mode=0o700, exist_ok=True)
        path = os.path.join(self.delivery_dir(), "node_key.json")
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            json.dump({"secret_key_hex": secret.hex()}, f)
        return path

    def test_the_wallet_holds_the_key_and_the_peer_id_survives_a_restart(self):
        self.node.load("delivery_module")  # and wallet_module, its dependency
        peer = self.start_node()
        self.assertTrue(peer.startswith("16Uiu2"), peer)
        public = self.assert_ok(self.node.call("wallet_module", "node_key_public", "delivery"))["result"]
        self.assertEqual(public["peer_id"], peer, "delivery's peer id is the wallet's delivery key")
        log(f"key files: {self.key_files()}")
        self.assertEqual(self.key_files(), [os.path.join(self.wallet_dir(), "node_keys.json"),
                                            os.path.join(self.wallet_dir(), "node_keys.password")])
        for path in self.key_files():
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600, path)
        with open(os.path.join(self.wallet_dir(), "node_keys.json")) as f:
            sealed = json.load(f)
        self.assertEqual(sealed["format"], "lezpay-sealed-box")
        self.assertNotIn("delivery", json.dumps(sealed), "names and keys are inside the sealed box")
        log("the wallet signs only Noise static keys with a node key")
        refused = self.node.call("wallet_module", "node_key_sign", "delivery", "str:" + "00" * 32)
        self.expect_error(refused, "NODE_KEY_MESSAGE_REFUSED", "signs only")
        log("a daemon restart keeps the peer id, with the owner keystore never created or opened")
        self.restart_daemon()
        self.assertEqual(self.start_node(), peer)

    def test_a_legacy_node_key_file_moves_into_the_wallet_and_keeps_its_peer_id(self):
        expected = peer_id_of(LEGACY)
        path = self.write_legacy(LEGACY)
        self.node.load("delivery_module")
        peer = self.start_node()
        log(f"migrated {expected}: node answers {peer}")
        self.assertEqual(peer, expected)
        self.assertFalse(os.path.exists(path), "node_key.json is deleted once the wallet holds the key")
        self.assertNotIn(LEGACY.hex(), self.node.read_log())
        import_again = self.node.call("wallet_module", "node_key_import", "delivery", "str:" + LEGACY.hex())
        self.expect_error(import_again, "NODE_KEY_EXISTS", "already holds")

        log("an import whose delete did not happen: the same file again is deleted at the next start")
        self.write_legacy(LEGACY)
        self.restart_daemon()
        self.assertEqual(self.start_node(), expected)
        self.assertFalse(os.path.exists(path))

        log("a file with another key than the wallet's is refused and kept")
        other = hashlib.sha256(b"another node key").digest()
        self.write_legacy(other)
        self.restart_daemon()
        conflict = self.create()
        self.expect_error(conflict, "NODE_KEY_CONFLICT", "already holds another key")
        self.assertTrue(os.path.exists(path))
        os.remove(path)
        self.assertEqual(self.start_node(), expected, "the wallet's key is still the node's")


if __name__ == "__main__":
    unittest.main()
