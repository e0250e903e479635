#pragma once
// The hand-over of session keys this module sealed itself before wallet_module held them
// (docs/decisions.md "Session keys in the wallet"). An install that still has
//
//   session_keys.sealed   a libs/keystore sealed box of {"<public hex>": "<secret hex>", ...}
//   session_keys.secret   its random password (0600)
//
// in the persistence directory imports every key into the wallet (import_session_key, which only
// this module may call) when the module starts, and deletes both files once the wallet accepted
// every key. Until then proofs wait (whenDone), so a query made right after the start is signed
// by the wallet with the imported key. When an import fails the files stay and the next start
// tries again; the proofs of a key the wallet lacks fail with WALLET_SIGNING_FAILED.

#include <functional>
#include <string>
#include <vector>

#include "chain_reader.h"
#include "lez/core/schnorr.h"
#include "module_types.h"

namespace payment_streams {

inline constexpr const char* kLegacySessionKeysFile = "session_keys.sealed";
inline constexpr const char* kLegacySessionKeysSecretFile = "session_keys.secret";

// The keys of `dir`'s old files; none when there is no sealed file. STATE_CORRUPT naming the file
// when it or its password file cannot be read or opened (the module then refuses to start, as it
// did when these files were its own).
Result<std::vector<lez::core::SecretKey>> readLegacySessionKeys(const std::string& dir);

class SessionKeyMigration {
 public:
  // Sends one import_session_key per key through `call` and forgets the keys at once (the wallet
  // holds them from then on). With no key it only removes a password file left without its
  // sealed file. Log lines name counts and codes, never a key.
  void start(const std::string& dir, std::vector<lez::core::SecretKey> keys, const WalletCall& call, int timeoutMs);
  // Runs `then` now when no import is in flight, else when the last one answered.
  void whenDone(std::function<void()> then);
  bool running() const { return pending_ > 0; }

 private:
  void finish();

  std::string dir_;
  std::size_t pending_ = 0;
  std::size_t failed_ = 0;
  std::vector<std::function<void()>> waiting_;
};

}  // namespace payment_streams
