#include "session_keys_body.h"

#include <openssl/crypto.h>

#include <nlohmann/json.hpp>

#include "lezpay/keystore/sealed_box.h"
#include "lezpay/util/hex.h"
#include "lezpay/util/json_parse.h"
#include "secret_json.h"

namespace wallet {

using lezpay::util::Error;
using Json = nlohmann::json;

namespace {

std::string entry(std::size_t i) { return "session key entry " + std::to_string(i + 1); }

}  // namespace

lezpay::util::Result<SessionKeyMap> parseSessionKeysBody(std::string_view body) {
  lezpay::util::JsonLimits limits;
  limits.maxBytes = kMaxSessionKeysBodyBytes;
  limits.maxDepth = kMaxSessionKeysBodyDepth;
  auto parsed = lezpay::util::parseJson(body, limits);
  if (!parsed.ok()) return Error{parsed.error().code, "the session key list is " + parsed.error().message};
  Json doc = std::move(parsed).value();
  WipeSecretStrings guard{doc, "session_keys"};
  if (!doc.is_object() || !doc.contains("session_keys") || !doc["session_keys"].is_array()) {
    return Error{"SESSION_KEYS_NOT_A_LIST", "the session key list is not a JSON object whose \"session_keys\" is an array"};
  }
  // Number equality, as before: 1, 1.0 and an unsigned 1 are version 1.
  if (doc.value("version", Json()) != Json(kSessionKeysVersion)) {
    return Error{"SESSION_KEYS_WRONG_VERSION",
                 "the session key list is not version " + std::to_string(kSessionKeysVersion) + " (the only one this wallet reads)"};
  }
  const Json& list = doc["session_keys"];
  if (list.size() > kMaxSessionKeys) {
    return Error{"SESSION_KEYS_TOO_MANY", "the session key list holds " + std::to_string(list.size()) +
                                              " keys; the wallet keeps at most " + std::to_string(kMaxSessionKeys)};
  }
  SessionKeyMap keys;
  std::map<SessionPublicKey, std::size_t> position;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string()) return Error{"SESSION_KEY_NOT_STRING", "the " + entry(i) + " is not a JSON string"};
    auto bytes = lezpay::util::fromHexFixed<32>(list[i].get_ref<const std::string&>());
    if (!bytes.ok()) return Error{"SESSION_KEY_BAD_HEX", "the " + entry(i) + " is not 64 hex digits"};
    auto key = lez::core::SecretKey::fromBytes(bytes.value());
    OPENSSL_cleanse(bytes.value().data(), bytes.value().size());
    if (!key.ok()) return Error{"SESSION_KEY_INVALID_SECRET", "the " + entry(i) + " is not a valid secp256k1 secret key"};
    const SessionPublicKey pub = key->publicKey().bytes();
    if (auto seen = position.find(pub); seen != position.end()) {
      return Error{"SESSION_KEY_DUPLICATE", "the " + entry(i) + " repeats entry " + std::to_string(seen->second + 1)};
    }
    position.emplace(pub, i);
    keys.insert_or_assign(pub, std::move(key).value());
  }
  return keys;
}

std::string sessionKeysBodyText(const SessionKeyMap& keys) {
  Json list = Json::array();
  for (const auto& [pub, key] : keys) list.push_back(lezpay::util::toHex(key.exposeSecret()));
  std::string plain = Json{{"version", kSessionKeysVersion}, {"session_keys", list}}.dump();
  for (auto& s : list) lezpay::keystore::wipe(s.get_ref<std::string&>());
  return plain;
}

}  // namespace wallet
