#pragma once
// Node identity keys the wallet holds for other modules, so that no other process ever holds a
// private key (docs/decisions.md "Node identity key in the wallet"): delivery_module's libp2p
// identity is the secp256k1 key named "delivery". The other module gets the public key and one
// kind of signature, never the key.
//
// At rest: `<dir>/node_keys.json`, a sealed box (libs/keystore) of {"keys": {"<name>": <64 hex>}},
// and `<dir>/node_keys.password`, the random password it is sealed with; both 0600, written
// atomically (the password first). The sealed box's plaintext and its bound (kMaxNodeKeys) are
// node_keys_body.h's. They are apart from the owner's keystore and its password, so
// a provider's node starts unattended while the owner keystore is locked; what guards them is the
// directory's and the process's protection, as for the other files of the wallet.
//
// Operations (nodeKeyOperations(), docs/protocol.md "wallet_module"):
//   node_key_public {name}                   -> {public_key_hex (33-byte compressed), peer_id}; creates
//                                               the key on first use
//   node_key_sign   {name, message_hex}      -> {signature_hex}: DER ECDSA over SHA-256(message), low-S,
//                                               ONLY for "noise-libp2p-static-key:" ‖ 32 bytes (what libp2p
//                                               Noise signs), so the wallet is no general signing oracle
//                                               for the node key
//   node_key_import {name, secret_key_hex}   -> node_key_public's answer; refuses a name in use
// Errors (node_key_errors.h and the wallet's table): INVALID_NODE_KEY_NAME, UNKNOWN_NODE_KEY, NODE_KEY_EXISTS, NODE_KEY_MESSAGE_REFUSED,
// INVALID_PRIVATE_KEY, TOO_MANY_NODE_KEYS, NODE_KEYS_UNREADABLE, IO_ERROR, RANDOMNESS_UNAVAILABLE.

#include <map>
#include <span>
#include <string>
#include <vector>

#include "lezpay/keystore/sealed_box.h"
#include "lezpay/libp2p/identity.h"
#include "lezpay/util/result.h"
#include "node_key_errors.h"
#include "node_keys_body.h"
#include "logos/operation.h"
#include "logos/sdk/dispatcher.h"

namespace wallet {

class NodeKeys {
 public:
  explicit NodeKeys(lezpay::keystore::KdfParams kdf = {}) : kdf_(kdf) {}
  ~NodeKeys();
  // The wallet's persistence directory, set once the module knows it (before any operation).
  void setDirectory(std::string dir) { dir_ = std::move(dir); }
  NodeKeys(const NodeKeys&) = delete;
  NodeKeys& operator=(const NodeKeys&) = delete;

  // The key `name` (created and saved before it is answered when absent and `create`).
  lezpay::util::Result<const lezpay::libp2p::Secp256k1Identity*> key(const std::string& name, bool create);
  // NODE_KEY_EXISTS when `name` is in use (even with this very key: an import is a one-time move).
  lezpay::util::Result<const lezpay::libp2p::Secp256k1Identity*> import(const std::string& name, std::span<const std::uint8_t> secret);

 private:
  lezpay::util::Status load();
  // Adds `name` and re-seals the file before the key is used; nothing changes on failure.
  lezpay::util::Result<const lezpay::libp2p::Secp256k1Identity*> add(const std::string& name, std::span<const std::uint8_t> secret);

  std::string dir_;
  lezpay::keystore::KdfParams kdf_;
  bool loaded_ = false;
  std::map<std::string, lezpay::libp2p::Secp256k1Identity> keys_;
  std::map<std::string, std::string> secretsHex_;  // what the sealed file holds; wiped on destruction
};

struct NodeKeyOperation {
  logos::OperationSpec spec;
  logos::sdk::Dispatcher::Handler handler;
};

std::vector<NodeKeyOperation> nodeKeyOperations(NodeKeys& keys);

}  // namespace wallet
