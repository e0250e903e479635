#pragma once
// The wallet's keys at rest: one password-sealed file (libs/keystore sealed box: scrypt +
// AES-256-GCM) written atomically with mode 0600. Keys live in memory only while the wallet is
// open and are wiped on close. Nothing here ever returns or logs a secret.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lez/core/account_id.h"
#include "lez/core/schnorr.h"
#include "lezpay/keystore/sealed_box.h"
#include "lezpay/util/result.h"

namespace wallet {

class WalletKeystore {
 public:
  explicit WalletKeystore(std::string path, lezpay::keystore::KdfParams kdf = {}) : path_(std::move(path)), kdf_(kdf) {}
  ~WalletKeystore() { close(); }

  bool exists() const;
  bool isOpen() const { return open_; }
  // KEYSTORE_EXISTS if there is one already; the new keystore is open afterwards.
  lezpay::util::Status create(const std::string& password);
  // NO_KEYSTORE, WRONG_PASSWORD_OR_CORRUPT, MALFORMED_KEYSTORE.
  lezpay::util::Status open(const std::string& password);
  // Whether `password` opens the keystore file, without opening it or touching the open state
  // (the owner's console signs the owner in with it). NO_KEYSTORE when there is no file.
  lezpay::util::Result<bool> checkPassword(const std::string& password) const;
  void close();

  // Adds a key and re-seals the file before answering (an added key is never only in memory).
  // Adding a key already held is fine and returns its id. WALLET_NOT_OPEN when closed.
  lezpay::util::Result<lez::core::AccountId> addKey(const lez::core::SecretKey& key);

  std::vector<lez::core::AccountId> accounts() const;
  const lez::core::SecretKey* key(const lez::core::AccountId& id) const;

 private:
  lezpay::util::Status save();

  std::string path_;
  lezpay::keystore::KdfParams kdf_;
  bool open_ = false;
  std::string password_;
  std::vector<lez::core::AccountId> order_;  // creation order
  std::map<lez::core::AccountId, lez::core::SecretKey> keys_;
};

}  // namespace wallet
