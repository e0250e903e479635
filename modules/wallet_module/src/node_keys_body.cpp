#include "node_keys_body.h"

#include <openssl/crypto.h>

#include <array>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "lezpay/keystore/sealed_box.h"
#include "lezpay/util/hex.h"
#include "lezpay/util/json_parse.h"
#include "secret_json.h"

namespace wallet {

using lezpay::util::Error;
using Json = nlohmann::json;

NodeKeysBody::~NodeKeysBody() {
  for (auto& [name, hex] : secretsHex) lezpay::keystore::wipe(hex);
}

lezpay::util::Status checkNodeKeyName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 64;
  for (char c : name) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-');
  if (!ok) return Error{"INVALID_NODE_KEY_NAME", "name must be 1 to 64 characters of a-z 0-9 _ -"};
  return lezpay::util::okStatus();
}

lezpay::util::Result<NodeKeysBody> parseNodeKeysBody(std::string_view body) {
  lezpay::util::JsonLimits limits;
  limits.maxBytes = kMaxNodeKeysBodyBytes;
  limits.maxDepth = kMaxNodeKeysBodyDepth;
  auto parsed = lezpay::util::parseJson(body, limits);
  if (!parsed.ok()) return Error{parsed.error().code, "the node key list is " + parsed.error().message};
  Json doc = std::move(parsed).value();
  WipeSecretStrings guard{doc, "keys"};
  if (!doc.is_object() || !doc.contains("keys") || !doc["keys"].is_object()) {
    return Error{"NODE_KEYS_NOT_A_LIST", "the node key list is not a JSON object whose \"keys\" is an object"};
  }
  Json& keys = doc["keys"];
  if (keys.size() > kMaxNodeKeys) {
    return Error{"NODE_KEYS_TOO_MANY", "the node key list holds " + std::to_string(keys.size()) + " keys; the wallet keeps at most " +
                                           std::to_string(kMaxNodeKeys)};
  }
  NodeKeysBody out;
  for (auto it = keys.begin(); it != keys.end(); ++it) {
    const std::string& name = it.key();
    if (!checkNodeKeyName(name).ok()) {
      return Error{"NODE_KEY_NAME_INVALID", "a node key name is not 1 to 64 characters of a-z 0-9 _ -"};
    }
    if (!it.value().is_string()) return Error{"NODE_KEY_NOT_STRING", "the node key '" + name + "' is not a JSON string"};
    const std::string& hex = it.value().get_ref<const std::string&>();
    auto secret = lezpay::util::fromHexFixed<32>(hex);
    if (!secret.ok()) return Error{"NODE_KEY_BAD_HEX", "the node key '" + name + "' is not 64 hex digits"};
    auto id = lezpay::libp2p::Secp256k1Identity::fromSecret(secret.value());
    OPENSSL_cleanse(secret.value().data(), secret.value().size());
    if (!id.ok()) {
      return Error{"NODE_KEY_INVALID_SECRET", "the node key '" + name + "' is not a valid secp256k1 secret key"};
    }
    out.keys.emplace(name, std::move(id).value());
    out.secretsHex.emplace(name, hex);
  }
  return out;
}

std::string nodeKeysBodyText(const std::map<std::string, std::string>& secretsHex) {
  Json doc{{"keys", Json::object()}};
  for (const auto& [name, hex] : secretsHex) doc["keys"][name] = hex;
  std::string body = doc.dump();
  for (auto& v : doc["keys"]) lezpay::keystore::wipe(v.get_ref<std::string&>());
  return body;
}

}  // namespace wallet
