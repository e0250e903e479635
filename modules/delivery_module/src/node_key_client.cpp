#include "node_key_client.h"

#include <QLoggingCategory>
#include <QTimer>

#include <openssl/crypto.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "delivery/node_key_file.h"
#include "lezpay/fileio/atomic_file.h"
#include "lezpay/p2pnet/p2p_connection.h"
#include "lezpay/util/hex.h"

Q_LOGGING_CATEGORY(lcNodeKey, "lezpay.delivery.nodekey")

namespace delivery {
namespace {

using lezpay::util::Error;
using nlohmann::json;

// The answer's fields, whether the wallet put them at the top or under "result".
const json& payloadOf(const json& answer) {
  if (answer.is_object() && answer.contains("result") && answer["result"].is_object()) return answer["result"];
  return answer;
}

bool isOk(const json& answer) { return answer.is_object() && answer.value("status", json()) == "ok"; }

std::string codeOf(const json& answer) {
  return answer.is_object() && answer.value("code", json()).is_string() ? answer["code"].get<std::string>() : std::string("NO_ANSWER");
}

Error unavailable(const std::string& operation, const json& answer) {
  const std::string message = answer.is_object() && answer.value("message", json()).is_string() ? answer["message"].get<std::string>() : "";
  return Error{"NODE_KEY_UNAVAILABLE", std::string(kNodeKeyWallet) + " refused " + operation + ": " + codeOf(answer) +
                                           (message.empty() ? std::string() : ": " + message)};
}

std::string legacyPath(const std::string& dir) { return dir + "/node_key.json"; }

}  // namespace

NodeKeyClient::NodeKeyClient(std::string dataDir, HookCall call, int timeoutMs)
    : dataDir_(std::move(dataDir)), call_(std::move(call)), timeoutMs_(timeoutMs), staticPrivate_(lezpay::p2pnet::randomKey32()) {}

NodeKeyClient::~NodeKeyClient() { OPENSSL_cleanse(staticPrivate_.data(), staticPrivate_.size()); }

void NodeKeyClient::get(Done done) {
  if (credential_) {
    QTimer::singleShot(0, [done = std::move(done), c = credential_] { done(c); });
    return;
  }
  waiting_.push_back(std::move(done));
  if (waiting_.size() == 1) migrate();
}

void NodeKeyClient::finish(lezpay::util::Result<Credential> result) {
  if (result.ok()) credential_ = result.value();
  if (!result.ok()) qCWarning(lcNodeKey, "no node identity: %s: %s", result.error().code.c_str(), result.error().message.c_str());
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& d : waiting) d(result);
}

void NodeKeyClient::migrate() {
  const std::string path = legacyPath(dataDir_);
  if (::access(path.c_str(), F_OK) != 0) return fetchPublic("");
  auto text = lezpay::fileio::readFile(path);
  if (!text.ok()) return finish(Error{"NODE_KEY_UNREADABLE", path + ": " + text.error().message});
  auto legacy = identityFromKeyFile(path, text.value());
  OPENSSL_cleanse(text.value().data(), text.value().size());
  if (!legacy.ok()) return finish(legacy.error());
  std::string hex = lezpay::util::toHex(legacy->secret);
  OPENSSL_cleanse(legacy.value().secret.data(), legacy.value().secret.size());
  const std::string peerId = legacy->peer_id;
  qCInfo(lcNodeKey, "moving the node key of %s into %s", peerId.c_str(), kNodeKeyWallet);
  json params{{"name", kNodeKeyName}, {"secret_key_hex", hex}};
  OPENSSL_cleanse(hex.data(), hex.size());
  std::weak_ptr<int> alive = alive_;
  call_(kNodeKeyWallet, "node_key_import", params, timeoutMs_, [this, alive, peerId](const json& answer) {
    if (alive.expired()) return;
    // NODE_KEY_EXISTS: imported before, the delete did not happen; fetchPublic compares the ids.
    if (!isOk(answer) && codeOf(answer) != "NODE_KEY_EXISTS") return finish(unavailable("node_key_import", answer));
    fetchPublic(peerId);
  });
  std::string& secret = params["secret_key_hex"].get_ref<std::string&>();
  OPENSSL_cleanse(secret.data(), secret.size());
}

void NodeKeyClient::fetchPublic(const std::string& expectedPeerId) {
  std::weak_ptr<int> alive = alive_;
  call_(kNodeKeyWallet, "node_key_public", json{{"name", kNodeKeyName}}, timeoutMs_, [this, alive, expectedPeerId](const json& answer) {
    if (alive.expired()) return;
    if (!isOk(answer)) return finish(unavailable("node_key_public", answer));
    const json& a = payloadOf(answer);
    auto bytes = a.value("public_key_hex", json()).is_string() ? lezpay::util::fromHex(a["public_key_hex"].get<std::string>())
                                                              : lezpay::util::Result<std::vector<std::uint8_t>>(Error{"", ""});
    if (!bytes.ok() || bytes->size() != lezpay::libp2p::kSecp256k1PublicKeyBytes) {
      return finish(Error{"NODE_KEY_UNAVAILABLE", std::string(kNodeKeyWallet) + " answered node_key_public without a 33-byte public_key_hex"});
    }
    lezpay::libp2p::PublicKey key{lezpay::libp2p::KeyType::SECP256K1, std::move(bytes).value()};
    const std::string peerId = lezpay::libp2p::PeerId::fromPublicKey(key).toBase58();
    if (!expectedPeerId.empty()) {
      const std::string path = legacyPath(dataDir_);
      if (peerId != expectedPeerId) {
        return finish(Error{"NODE_KEY_CONFLICT", path + " holds the key of " + expectedPeerId + " but " + kNodeKeyWallet +
                                                     " already holds another key for '" + kNodeKeyName + "' (" + peerId +
                                                     "); move one of them away"});
      }
      if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        return finish(Error{"NODE_KEY_UNREADABLE", "the node key is in " + std::string(kNodeKeyWallet) + " but " + path +
                                                       " cannot be deleted: " + std::strerror(errno)});
      }
      qCInfo(lcNodeKey, "the node key of %s is now held by %s; %s deleted", peerId.c_str(), kNodeKeyWallet, path.c_str());
    }
    sign(std::move(key));
  });
}

void NodeKeyClient::sign(lezpay::libp2p::PublicKey key) {
  auto pair = lezpay::libp2p::X25519KeyPair::fromPrivate(std::span<const std::uint8_t, 32>(staticPrivate_));
  if (!pair.ok()) return finish(Error{"NODE_KEY_UNAVAILABLE", "no Noise static key: " + pair.error().message});
  const json params{{"name", kNodeKeyName}, {"message_hex", lezpay::util::toHex(lezpay::libp2p::noiseStaticKeyMessage(pair->publicKey))}};
  std::weak_ptr<int> alive = alive_;
  call_(kNodeKeyWallet, "node_key_sign", params, timeoutMs_, [this, alive, key = std::move(key)](const json& answer) {
    if (alive.expired()) return;
    if (!isOk(answer)) return finish(unavailable("node_key_sign", answer));
    const json& a = payloadOf(answer);
    auto sig = a.value("signature_hex", json()).is_string() ? lezpay::util::fromHex(a["signature_hex"].get<std::string>())
                                                           : lezpay::util::Result<std::vector<std::uint8_t>>(Error{"", ""});
    if (!sig.ok()) return finish(Error{"NODE_KEY_UNAVAILABLE", std::string(kNodeKeyWallet) + " answered node_key_sign without signature_hex"});
    auto credential = lezpay::libp2p::noiseCredentialFromSignature(key, staticPrivate_, sig.value());
    if (!credential.ok()) {
      return finish(Error{"INVALID_NODE_KEY", std::string(kNodeKeyWallet) + "'s node key signature does not verify: " + credential.error().message});
    }
    finish(std::make_shared<const lezpay::libp2p::NoiseCredential>(std::move(credential).value()));
  });
}

}  // namespace delivery
