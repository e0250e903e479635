#pragma once
// LIP-155 session keys (payment-streams.md §7): the user side's per-proposal BIP-340 keys, held
// by the wallet so that no other module ever has a secret key in memory (docs/decisions.md
// "Session keys in the wallet"). Other modules get a session key's public key and signatures
// over digests, never the key.
//
// At rest, in the wallet's persistence directory:
//   wallet_session_keys.sealed  a libs/keystore sealed box (AES-256-GCM) of the key list, whose
//                               password is the 256-bit random secret in
//   wallet_session_keys.secret  (both 0600, written atomically).
// The sealed box's plaintext and its bound (kMaxSessionKeys) are session_keys_body.h's.
// The owner's keystore password does not open them on purpose: a stream proof is made for every
// paid Store query, unattended, also while the owner's keystore is locked; only the proposal's
// owner signature needs the owner's keystore. Whoever reads the wallet's directory can read
// these keys; they spend only from streams their proposals name, within those streams' terms.
//
// Every change is sealed to disk before it is answered (a created key is never only in memory).
// Nothing here returns or logs a secret.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lez/core/schnorr.h"
#include "session_keys_body.h"
#include "lezpay/util/result.h"
#include "logos/operation.h"
#include "logos/sdk/dispatcher.h"

namespace wallet {

inline constexpr const char* kSessionKeysFile = "wallet_session_keys.sealed";
inline constexpr const char* kSessionKeysSecretFile = "wallet_session_keys.secret";
// The one module whose session keys predate the wallet's store: it may hand them over
// (import_session_key) once, when it finds its old files.
inline constexpr const char* kSessionKeyImporter = "payment_streams_module";

class SessionKeyStore {
 public:
  // Reads the sealed file in `dir` (the wallet's persistence directory) if there is one.
  // SESSION_KEYS_UNREADABLE when it (or its password file) cannot be read or opened; the store
  // then refuses every operation with that error (the rest of the wallet keeps working) and never
  // overwrites the file. Before load() every operation is refused the same way.
  lezpay::util::Status load(const std::string& dir);

  // A fresh key, sealed before it is returned: its public key. RANDOMNESS_UNAVAILABLE, IO_ERROR,
  // CRYPTO_ERROR, SESSION_KEYS_UNREADABLE, TOO_MANY_SESSION_KEYS (kMaxSessionKeys held).
  lezpay::util::Result<SessionPublicKey> create();
  // Adds a key made elsewhere (the migration of payment_streams_module's old file); adding a key
  // already held is fine. false when it was held already. TOO_MANY_SESSION_KEYS as create().
  lezpay::util::Result<bool> import(const lez::core::SecretKey& key);
  // BIP-340 signature of `digest` (64 bytes). SESSION_KEY_UNKNOWN, WALLET_SIGNING_FAILED.
  lezpay::util::Result<std::array<std::uint8_t, 64>> sign(const SessionPublicKey& publicKey, const std::array<std::uint8_t, 32>& digest) const;
  // Drops the key and re-seals; false when it was not held.
  lezpay::util::Result<bool> forget(const SessionPublicKey& publicKey);

  std::size_t size() const { return keys_.size(); }
  bool holds(const SessionPublicKey& publicKey) const { return keys_.count(publicKey) > 0; }

 private:
  lezpay::util::Status usable() const;
  lezpay::util::Status save() const;
  lezpay::util::Result<std::string> password(bool create) const;

  std::string sealedPath_;
  std::string secretPath_;
  std::optional<lezpay::util::Error> loadError_ = lezpay::util::Error{"SESSION_KEYS_UNREADABLE", "the session key store is not loaded yet"};
  SessionKeyMap keys_;
};

// create_session_key, sign_with_session_key, forget_session_key and import_session_key, added
// through `add` (the module's addOperation). import_session_key takes the host's caller stamp
// and refuses every caller but kSessionKeyImporter.
void registerSessionKeyOperations(const std::function<void(logos::OperationSpec, logos::sdk::Dispatcher::Handler)>& add,
                                  SessionKeyStore& store);

}  // namespace wallet
