#include "node_identity.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/util/hex.h"
#include "lezpay/util/json_parse.h"

namespace delivery {

lezpay::util::Result<NodeIdentity> loadOrCreateIdentity(const std::string& dir) {
  const std::string path = dir + "/node_key.json";
  NodeIdentity id;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    auto text = lezpay::fileio::readFile(path);
    if (!text.ok()) return lezpay::util::Error{"NODE_KEY_UNREADABLE", path + ": " + text.error().message};
    auto parsed = lezpay::util::parseJson(text.value());
    const nlohmann::json j = parsed.ok() ? std::move(parsed).value() : nlohmann::json();
    if (!j.is_object() || !j.contains("secret_key_hex") || !j["secret_key_hex"].is_string()) {
      return lezpay::util::Error{"NODE_KEY_UNREADABLE", path + " is not a node key file ({\"secret_key_hex\": <64 hex>})"};
    }
    auto secret = lezpay::util::fromHexFixed<32>(j["secret_key_hex"].get<std::string>());
    if (!secret.ok()) return lezpay::util::Error{"NODE_KEY_UNREADABLE", path + ": the key is not 32 bytes of hex"};
    id.secret = secret.value();
    OPENSSL_cleanse(text.value().data(), text.value().size());
  } else {
    do {
      if (RAND_bytes(id.secret.data(), static_cast<int>(id.secret.size())) != 1) {
        return lezpay::util::Error{"NODE_KEY_UNREADABLE", "no randomness available to create a node key"};
      }
    } while (!compressedPublicKey(id.secret).ok());
    std::string hex = lezpay::util::toHex(id.secret);
    std::string body = nlohmann::json{{"secret_key_hex", hex}}.dump() + "\n";
    OPENSSL_cleanse(hex.data(), hex.size());
    auto written = lezpay::fileio::writeFileAtomic(path, body, 0600);
    OPENSSL_cleanse(body.data(), body.size());
    if (!written.ok()) return lezpay::util::Error{"NODE_KEY_UNREADABLE", "cannot write " + path + ": " + written.error().message};
  }
  auto peer = peerIdFromSecret(id.secret);
  if (!peer.ok()) return lezpay::util::Error{"NODE_KEY_UNREADABLE", path + ": " + peer.error().message};
  id.peer_id = peer.value();
  return id;
}

}  // namespace delivery
