#include "session_keys.h"

#include <nlohmann/json.hpp>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/keystore/sealed_box.h"
#include "lezpay/util/hex.h"
#include "logos/caller.h"
#include "logos/envelope.h"

namespace wallet {
namespace {

using lezpay::util::Error;
using lezpay::util::Result;
using lezpay::util::Status;
using Json = nlohmann::json;

Error full() {
  return Error{"TOO_MANY_SESSION_KEYS", "the wallet holds " + std::to_string(kMaxSessionKeys) + " session keys already"};
}

Error unreadable(const std::string& path, const std::string& why) {
  return Error{"SESSION_KEYS_UNREADABLE", "the wallet's session key file " + path + " cannot be opened: " + why};
}

SessionPublicKey publicOf(const lez::core::SecretKey& key) { return key.publicKey().bytes(); }

// The wallet's error shape (the upstream wallet's success/error keys next to the envelope's).
Json fail(const std::string& code, const std::string& message) {
  Json e = logos::errorEnvelope(code, message);
  e["success"] = false;
  e["error"] = message;
  return e;
}
Json fail(const Error& e) { return fail(e.code, e.message); }

}  // namespace

Status SessionKeyStore::load(const std::string& dir) {
  sealedPath_ = dir + "/" + kSessionKeysFile;
  secretPath_ = dir + "/" + kSessionKeysSecretFile;
  keys_.clear();
  loadError_.reset();
  auto sealed = lezpay::fileio::readFile(sealedPath_);
  if (!sealed.ok()) {
    if (sealed.error().code == "NOT_FOUND") return lezpay::util::okStatus();
    loadError_ = unreadable(sealedPath_, sealed.error().message);
    return *loadError_;
  }
  auto pw = password(false);
  if (!pw.ok()) {
    loadError_ = unreadable(sealedPath_, "its password file " + secretPath_ + ": " + pw.error().message);
    return *loadError_;
  }
  auto plain = lezpay::keystore::open(sealed.value(), pw.value());
  lezpay::keystore::wipe(pw.value());
  if (!plain.ok()) {
    loadError_ = unreadable(sealedPath_, plain.error().message);
    return *loadError_;
  }
  auto parsed = parseSessionKeysBody(plain.value());
  lezpay::keystore::wipe(plain.value());
  if (!parsed.ok()) {
    loadError_ = unreadable(sealedPath_, parsed.error().code + ": " + parsed.error().message);
    return *loadError_;
  }
  keys_ = std::move(parsed).value();
  return lezpay::util::okStatus();
}

Status SessionKeyStore::usable() const {
  if (loadError_) return *loadError_;
  return lezpay::util::okStatus();
}

Result<std::string> SessionKeyStore::password(bool create) const {
  auto text = lezpay::fileio::readFile(secretPath_);
  if (text.ok()) {
    if (text->empty()) return Error{"SESSION_KEYS_UNREADABLE", "the password file is empty"};
    return text.value();
  }
  if (!create || text.error().code != "NOT_FOUND") return text.error();
  std::array<std::uint8_t, 32> secret{};
  lezpay::keystore::randomBytes(secret);
  std::string pw = lezpay::util::toHex(secret);
  secret.fill(0);
  if (auto st = lezpay::fileio::writeFileAtomic(secretPath_, pw, 0600); !st.ok()) {
    lezpay::keystore::wipe(pw);
    return st.error();
  }
  return pw;
}

Status SessionKeyStore::save() const {
  auto pw = password(true);
  if (!pw.ok()) return pw.error();
  std::string plain = sessionKeysBodyText(keys_);
  // The password is 256 random bits, so scrypt's work factor adds nothing; keep it cheap.
  lezpay::keystore::KdfParams kdf;
  kdf.n = 1u << 10;
  auto sealed = lezpay::keystore::seal(plain, pw.value(), kdf);
  lezpay::keystore::wipe(plain);
  lezpay::keystore::wipe(pw.value());
  if (!sealed.ok()) return sealed.error();
  return lezpay::fileio::writeFileAtomic(sealedPath_, sealed.value(), 0600);
}

Result<SessionPublicKey> SessionKeyStore::create() {
  if (auto st = usable(); !st.ok()) return st.error();
  if (keys_.size() >= kMaxSessionKeys) return full();
  auto key = lez::core::SecretKey::generate();
  if (!key.ok()) return Error{"RANDOMNESS_UNAVAILABLE", key.error().message};
  const SessionPublicKey pub = publicOf(key.value());
  keys_.insert_or_assign(pub, key.value());
  if (auto st = save(); !st.ok()) {
    keys_.erase(pub);
    return st.error();
  }
  return pub;
}

Result<bool> SessionKeyStore::import(const lez::core::SecretKey& key) {
  if (auto st = usable(); !st.ok()) return st.error();
  const SessionPublicKey pub = publicOf(key);
  if (keys_.count(pub)) return false;
  if (keys_.size() >= kMaxSessionKeys) return full();
  keys_.insert_or_assign(pub, key);
  if (auto st = save(); !st.ok()) {
    keys_.erase(pub);
    return st.error();
  }
  return true;
}

Result<std::array<std::uint8_t, 64>> SessionKeyStore::sign(const SessionPublicKey& publicKey,
                                                           const std::array<std::uint8_t, 32>& digest) const {
  if (auto st = usable(); !st.ok()) return st.error();
  auto it = keys_.find(publicKey);
  if (it == keys_.end()) {
    return Error{"SESSION_KEY_UNKNOWN", "this wallet holds no session key " + lezpay::util::toHex(publicKey)};
  }
  auto sig = lez::core::sign(it->second, digest);
  if (!sig.ok()) return Error{"WALLET_SIGNING_FAILED", sig.error().message};
  return sig->bytes;
}

Result<bool> SessionKeyStore::forget(const SessionPublicKey& publicKey) {
  if (auto st = usable(); !st.ok()) return st.error();
  auto it = keys_.find(publicKey);
  if (it == keys_.end()) return false;
  const lez::core::SecretKey kept = it->second;
  keys_.erase(it);
  if (auto st = save(); !st.ok()) {
    keys_.insert_or_assign(publicKey, kept);
    return st.error();
  }
  return true;
}

void registerSessionKeyOperations(const std::function<void(logos::OperationSpec, logos::sdk::Dispatcher::Handler)>& add,
                                  SessionKeyStore& store) {
  using PT = logos::ParamType;
  using logos::sdk::Args;
  const std::string examplePk = "5cea027907357eeaa7a85dc839015cfbd39be784686a1f0a44124999dbb40740";
  const logos::ParamSpec publicKey{"public_key", PT::Hex32, true, nullptr, "the session key's x-only public key (64 hex)"};
  auto op = [](const char* name, const char* doc, std::vector<logos::ParamSpec> params, Json resultExample, Json example, Json shape) {
    logos::OperationSpec spec{name, doc, std::move(params), std::move(resultExample), std::move(example)};
    spec.resultShape = std::move(shape);
    return spec;
  };

  add(op("create_session_key",
         "Generates a LIP-155 session key inside the wallet and seals it (usable while the keystore is locked); answers its public key only.",
         {}, Json{{"public_key", examplePk}}, Json::object(), Json{{"public_key", "hex32"}}),
      [&store](const Args&) {
        auto pub = store.create();
        return pub.ok() ? logos::okEnvelope(Json{{"public_key", lezpay::util::toHex(pub.value())}}) : fail(pub.error());
      });
  add(op("sign_with_session_key", "BIP-340 signature (64 bytes, hex) over a 32-byte digest with a session key this wallet holds.",
         {publicKey, {"digest_hex", PT::Hex32, true, nullptr, "the 32-byte digest (a stream proof signs SHA256(N8))"}},
         Json{{"signature", std::string(128, '0')}}, Json{{"public_key", examplePk}, {"digest_hex", std::string(64, '0')}},
         Json{{"signature", "hex"}}),
      [&store](const Args& a) {
        auto sig = store.sign(a.hex32("public_key"), a.hex32("digest_hex"));
        return sig.ok() ? logos::okEnvelope(Json{{"signature", lezpay::util::toHex(sig.value())}}) : fail(sig.error());
      });
  add(op("forget_session_key", "Drops a session key (its proposal was replaced or refused); false when the wallet did not hold it.",
         {publicKey}, Json{{"forgotten", true}}, Json{{"public_key", examplePk}}, Json{{"forgotten", "bool"}}),
      [&store](const Args& a) {
        auto gone = store.forget(a.hex32("public_key"));
        return gone.ok() ? logos::okEnvelope(Json{{"forgotten", gone.value()}}) : fail(gone.error());
      });
  logos::OperationSpec import = op(
      "import_session_key",
      "Migration only: payment_streams_module hands over a session key it sealed itself before the wallet held them; other callers are refused.",
      {{"secret_key_hex", PT::Hex32, true, nullptr, "the 32-byte session secret key"}}, Json{{"public_key", examplePk}, {"imported", true}},
      Json{{"secret_key_hex", std::string(63, '0') + "1"}}, Json{{"public_key", "hex32"}, {"imported", "bool"}});
  import.takesCaller = true;
  add(std::move(import), [&store](const Args& a) {
    const Json& caller = a.caller();
    const bool fromImporter = caller.is_object() && caller.value("kind", std::string()) == "module" &&
                              caller.value("module", std::string()) == kSessionKeyImporter;
    if (!fromImporter) {
      return fail("SESSION_KEY_IMPORT_REFUSED", std::string("only ") + kSessionKeyImporter +
                                                    " may import session keys (the migration of its old session key file)");
    }
    auto key = lez::core::SecretKey::fromBytes(a.hex32("secret_key_hex"));
    if (!key.ok()) return fail("INVALID_PRIVATE_KEY", "not a valid secp256k1 secret key");
    auto added = store.import(key.value());
    if (!added.ok()) return fail(added.error());
    return logos::okEnvelope(Json{{"public_key", lezpay::util::toHex(key->publicKey().bytes())}, {"imported", added.value()}});
  });
}

}  // namespace wallet
