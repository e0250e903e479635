#pragma once
// The plaintext inside node_keys.json's sealed box (node_keys.h): {"keys": {"<name>": <64 hex>}}.
// Pure (text in, keys out, no I/O), so the corpus-driven fuzz target fuzz/wallet_node_keys.cpp
// runs the same code as the wallet. The wallet never writes more than kMaxNodeKeys keys (node_key_*
// answer TOO_MANY_NODE_KEYS), so a longer list is refused as tampered rather than accepted.
//
// Refusals, each a stable code and a sentence that names the key by name (never its secret):
//   JSON_MALFORMED, JSON_NUMBER_OUT_OF_RANGE  not JSON (lezpay/util/json_parse.h)
//   JSON_TOO_DEEP, JSON_TOO_LARGE             nested deeper than kMaxNodeKeysBodyDepth, longer than
//                                             kMaxNodeKeysBodyBytes
//   NODE_KEYS_NOT_A_LIST                      not an object whose "keys" is an object
//   NODE_KEYS_TOO_MANY                        more than kMaxNodeKeys keys
//   NODE_KEY_NAME_INVALID                     a name outside 1 to 64 characters of a-z 0-9 _ -
//   NODE_KEY_NOT_STRING                       a key that is not a JSON string
//   NODE_KEY_BAD_HEX                          a key that is not 64 hex digits (optional 0x)
//   NODE_KEY_INVALID_SECRET                   a key that is zero or not below the curve order
// Two entries of one name cannot be told apart (the JSON parser keeps the last); the same secret
// under two names is accepted, as node_key_import allows it.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "lezpay/libp2p/identity.h"
#include "lezpay/util/result.h"

namespace wallet {

inline constexpr std::size_t kMaxNodeKeys = 64;
// 64 keys of 64-character names are under 9 KiB; the wallet writes depth 2.
inline constexpr std::size_t kMaxNodeKeysBodyBytes = 64u * 1024u;
inline constexpr std::size_t kMaxNodeKeysBodyDepth = 8;

struct NodeKeysBody {
  NodeKeysBody() = default;
  NodeKeysBody(NodeKeysBody&&) = default;
  NodeKeysBody& operator=(NodeKeysBody&&) = default;
  NodeKeysBody(const NodeKeysBody&) = delete;
  NodeKeysBody& operator=(const NodeKeysBody&) = delete;
  ~NodeKeysBody();  // wipes secretsHex

  std::map<std::string, lezpay::libp2p::Secp256k1Identity> keys;
  // Each key's text as the file holds it (written back unchanged when a key is added).
  std::map<std::string, std::string> secretsHex;
};

// INVALID_NODE_KEY_NAME unless 1 to 64 characters of a-z 0-9 _ -.
lezpay::util::Status checkNodeKeyName(const std::string& name);

// The key list; the secret strings of the parsed JSON are wiped, the caller wipes `body`.
lezpay::util::Result<NodeKeysBody> parseNodeKeysBody(std::string_view body);

// What the wallet seals: {"keys":{...}} in name order, compact. The caller wipes the result.
std::string nodeKeysBodyText(const std::map<std::string, std::string>& secretsHex);

}  // namespace wallet
