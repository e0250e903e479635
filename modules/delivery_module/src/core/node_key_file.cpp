#include "delivery/node_key_file.h"

#include <nlohmann/json.hpp>

#include "lezpay/util/hex.h"
#include "lezpay/util/json_parse.h"

namespace delivery {

lezpay::util::Result<NodeIdentity> identityFromKeyFile(const std::string& path, const std::string& text) {
  NodeIdentity id;
  auto parsed = lezpay::util::parseJson(text);
  const nlohmann::json j = parsed.ok() ? std::move(parsed).value() : nlohmann::json();
  if (!j.is_object() || !j.contains("secret_key_hex") || !j["secret_key_hex"].is_string()) {
    return lezpay::util::Error{"NODE_KEY_UNREADABLE", path + " is not a node key file ({\"secret_key_hex\": <64 hex>})"};
  }
  auto secret = lezpay::util::fromHexFixed<32>(j["secret_key_hex"].get<std::string>());
  if (!secret.ok()) return lezpay::util::Error{"NODE_KEY_UNREADABLE", path + ": the key is not 32 bytes of hex"};
  id.secret = secret.value();
  auto peer = peerIdFromSecret(id.secret);
  if (!peer.ok()) return lezpay::util::Error{"NODE_KEY_UNREADABLE", path + ": " + peer.error().message};
  id.peer_id = peer.value();
  return id;
}

}  // namespace delivery
