#include "node_keys.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/libp2p/noise_credential.h"
#include "lezpay/libp2p/peer_id.h"
#include "lezpay/util/hex.h"
#include "logos/envelope.h"

namespace wallet {
namespace {

using lezpay::util::Error;
using logos::Json;
using logos::ParamType;
using logos::sdk::Args;
using Identity = lezpay::libp2p::Secp256k1Identity;

constexpr const char* kKeysFile = "/node_keys.json";
constexpr const char* kPasswordFile = "/node_keys.password";

bool exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

Json fail(const Error& e) {
  Json out = logos::errorEnvelope(e.code, e.message);
  out["success"] = false;  // the wallet's error shape
  out["error"] = e.message;
  return out;
}

Json publicAnswer(const Identity& id) {
  return logos::okEnvelope(Json{{"public_key_hex", lezpay::util::toHex(id.publicKey().data)},
                                {"peer_id", lezpay::libp2p::PeerId::fromPublicKey(id.publicKey()).toBase58()}});
}

}  // namespace

NodeKeys::~NodeKeys() {
  for (auto& [name, hex] : secretsHex_) OPENSSL_cleanse(hex.data(), hex.size());
}

lezpay::util::Status NodeKeys::load() {
  if (loaded_) return lezpay::util::okStatus();
  const std::string path = dir_ + kKeysFile;
  if (!exists(path)) {
    loaded_ = true;
    return lezpay::util::okStatus();
  }
  auto sealed = lezpay::fileio::readFile(path);
  auto password = lezpay::fileio::readFile(dir_ + kPasswordFile);
  if (!sealed.ok() || !password.ok()) {
    return Error{"NODE_KEYS_UNREADABLE", path + " or its password file " + dir_ + kPasswordFile + " cannot be read"};
  }
  auto plain = lezpay::keystore::open(sealed.value(), password.value());
  lezpay::keystore::wipe(password.value());
  if (!plain.ok()) return Error{"NODE_KEYS_UNREADABLE", path + ": " + plain.error().code + ": " + plain.error().message};
  auto parsed = parseNodeKeysBody(plain.value());
  lezpay::keystore::wipe(plain.value());
  if (!parsed.ok()) {
    return Error{"NODE_KEYS_UNREADABLE", path + " does not hold a node key list: " + parsed.error().code + ": " + parsed.error().message};
  }
  keys_ = std::move(parsed.value().keys);
  secretsHex_ = std::move(parsed.value().secretsHex);
  loaded_ = true;
  return lezpay::util::okStatus();
}

lezpay::util::Result<const Identity*> NodeKeys::add(const std::string& name, std::span<const std::uint8_t> secret) {
  auto id = Identity::fromSecret(secret);
  if (!id.ok()) return Error{"INVALID_PRIVATE_KEY", "the node key is not a valid secp256k1 secret key"};
  if (keys_.size() >= kMaxNodeKeys) return Error{"TOO_MANY_NODE_KEYS", "the wallet holds " + std::to_string(kMaxNodeKeys) + " node keys already"};
  const std::string passwordPath = dir_ + kPasswordFile;
  if (!exists(passwordPath)) {
    std::array<std::uint8_t, 32> raw{};
    if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
      return Error{"RANDOMNESS_UNAVAILABLE", "no randomness for the node keys' password"};
    }
    std::string password = lezpay::util::toHex(raw);
    OPENSSL_cleanse(raw.data(), raw.size());
    auto written = lezpay::fileio::writeFileAtomic(passwordPath, password, 0600);
    lezpay::keystore::wipe(password);
    if (!written.ok()) return Error{"IO_ERROR", "cannot write " + passwordPath + ": " + written.error().message};
  }
  auto password = lezpay::fileio::readFile(passwordPath);
  if (!password.ok()) return Error{"NODE_KEYS_UNREADABLE", passwordPath + ": " + password.error().message};
  // Listed before sealing; a failed seal or write takes it out again.
  secretsHex_.emplace(name, lezpay::util::toHex(secret));
  const auto unlist = [&] {
    auto it = secretsHex_.find(name);
    OPENSSL_cleanse(it->second.data(), it->second.size());
    secretsHex_.erase(it);
  };
  std::string body = nodeKeysBodyText(secretsHex_);
  auto sealed = lezpay::keystore::seal(body, password.value(), kdf_);
  lezpay::keystore::wipe(body);
  lezpay::keystore::wipe(password.value());
  if (!sealed.ok()) {
    unlist();
    return sealed.error();
  }
  auto written = lezpay::fileio::writeFileAtomic(dir_ + kKeysFile, sealed.value(), 0600);
  if (!written.ok()) {
    unlist();
    return Error{"IO_ERROR", "cannot write " + dir_ + kKeysFile + ": " + written.error().message};
  }
  return &keys_.insert_or_assign(name, std::move(id).value()).first->second;
}

lezpay::util::Result<const Identity*> NodeKeys::key(const std::string& name, bool create) {
  if (auto st = checkNodeKeyName(name); !st.ok()) return st.error();
  if (auto st = load(); !st.ok()) return st.error();
  if (auto it = keys_.find(name); it != keys_.end()) return &it->second;
  if (!create) return Error{"UNKNOWN_NODE_KEY", "the wallet holds no node key named '" + name + "' (node_key_public creates it)"};
  std::array<std::uint8_t, 32> secret{};
  do {
    if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1) {
      return Error{"RANDOMNESS_UNAVAILABLE", "no randomness for a node key"};
    }
  } while (!Identity::fromSecret(secret).ok());
  auto added = add(name, secret);
  OPENSSL_cleanse(secret.data(), secret.size());
  return added;
}

lezpay::util::Result<const Identity*> NodeKeys::import(const std::string& name, std::span<const std::uint8_t> secret) {
  if (auto st = checkNodeKeyName(name); !st.ok()) return st.error();
  if (auto st = load(); !st.ok()) return st.error();
  if (keys_.count(name)) return Error{"NODE_KEY_EXISTS", "the wallet already holds a node key named '" + name + "'"};
  return add(name, secret);
}

std::vector<NodeKeyOperation> nodeKeyOperations(NodeKeys& keys) {
  using PT = ParamType;
  const logos::ParamSpec name{"name", PT::String, true, nullptr, "the node key's name, e.g. delivery (a-z 0-9 _ -)"};
  const Json publicShape{{"public_key_hex", "hex"}, {"peer_id", "base58"}};
  // The key of secret 1, node_key_import's example.
  const Json publicExample{{"public_key_hex", "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"},
                           {"peer_id", "16Uiu2HAm3cuhhRL2msUuLF62KRSfneFDx94RsuouyW25Ho42cFMq"}};
  auto spec = [](const char* op, const char* doc, std::vector<logos::ParamSpec> params, Json resultExample, Json example, Json shape) {
    logos::OperationSpec s{op, doc, std::move(params), std::move(resultExample), std::move(example)};
    s.resultShape = std::move(shape);
    return s;
  };
  std::vector<NodeKeyOperation> out;
  out.push_back({spec("node_key_public", "The public key and libp2p peer id of a node key; creates the key on first use (works while the keystore is locked).",
                      {name}, publicExample, Json{{"name", "delivery"}}, publicShape),
                 [&keys](const Args& a) {
                   auto k = keys.key(a.str("name"), true);
                   return k.ok() ? publicAnswer(*k.value()) : fail(k.error());
                 }});
  out.push_back({spec("node_key_sign", "Signs a libp2p Noise static key (\"noise-libp2p-static-key:\" + 32 bytes, nothing else) with a node key: DER ECDSA.",
                      {name, {"message_hex", PT::Hex, true, nullptr, "hex of \"noise-libp2p-static-key:\" followed by the 32-byte X25519 public key"}},
                      Json{{"signature_hex", "30440220" + std::string(64, '1') + "0220" + std::string(64, '2')}},
                      Json{{"name", "delivery"},
                           {"message_hex", lezpay::util::toHex(lezpay::libp2p::noiseStaticKeyMessage(lezpay::libp2p::Key32{}))}},
                      Json{{"signature_hex", "hex"}}),
                 [&keys](const Args& a) {
                   const auto message = a.hex("message_hex");
                   const auto& prefix = lezpay::libp2p::kNoiseStaticKeyPrefix;
                   if (message.size() != lezpay::libp2p::kNoiseStaticKeyMessageBytes ||
                       !std::equal(prefix.begin(), prefix.end(), message.begin())) {
                     return fail(Error{"NODE_KEY_MESSAGE_REFUSED",
                                       "a node key signs only \"noise-libp2p-static-key:\" followed by a 32-byte key (56 bytes)"});
                   }
                   auto k = keys.key(a.str("name"), false);
                   if (!k.ok()) return fail(k.error());
                   return logos::okEnvelope(Json{{"signature_hex", lezpay::util::toHex(k.value()->sign(message))}});
                 }});
  out.push_back({spec("node_key_import", "Moves an existing node key (a delivery node_key.json) into the wallet so its peer id stays; refuses a name in use.",
                      {name, {"secret_key_hex", PT::Hex32, true, nullptr, "the 32-byte secp256k1 secret key"}}, publicExample,
                      Json{{"name", "delivery"}, {"secret_key_hex", std::string(63, '0') + "1"}}, publicShape),
                 [&keys](const Args& a) {
                   auto secret = a.hex32("secret_key_hex");
                   auto k = keys.import(a.str("name"), secret);
                   OPENSSL_cleanse(secret.data(), secret.size());
                   return k.ok() ? publicAnswer(*k.value()) : fail(k.error());
                 }});
  return out;
}

}  // namespace wallet
