#include "wallet_keystore.h"

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/util/hex.h"
#include "wallet_state_files.h"

namespace wallet {

bool WalletKeystore::exists() const {
  struct stat st {};
  return ::stat(path_.c_str(), &st) == 0;
}

lezpay::util::Status WalletKeystore::create(const std::string& password) {
  if (exists()) return lezpay::util::Error{"KEYSTORE_EXISTS", "a keystore already exists at " + path_ + "; open it instead"};
  if (password.empty()) return lezpay::util::Error{"INVALID_PASSWORD", "the password must not be empty"};
  close();
  password_ = password;
  open_ = true;
  auto st = save();
  if (!st.ok()) close();
  return st;
}

lezpay::util::Status WalletKeystore::open(const std::string& password) {
  auto text = lezpay::fileio::readFile(path_);
  if (!text.ok()) return lezpay::util::Error{"NO_KEYSTORE", "no keystore at " + path_ + "; create one with create_new"};
  auto plain = lezpay::keystore::open(text.value(), password);
  if (!plain.ok()) return plain.error();
  std::string body = std::move(plain.value());
  auto keys = keysFromKeyList(body);
  lezpay::keystore::wipe(body);
  if (!keys.ok()) return keys.error();
  close();
  for (const auto& k : keys.value()) {
    auto id = lez::core::publicAccountId(k.publicKey());
    if (!keys_.count(id)) order_.push_back(id);
    keys_.insert_or_assign(id, k);
  }
  password_ = password;
  open_ = true;
  return lezpay::util::okStatus();
}

lezpay::util::Result<bool> WalletKeystore::checkPassword(const std::string& password) const {
  auto text = lezpay::fileio::readFile(path_);
  if (!text.ok()) return lezpay::util::Error{"NO_KEYSTORE", "no keystore at " + path_ + "; create one with create_new"};
  if (password.empty()) return false;
  auto plain = lezpay::keystore::open(text.value(), password);
  if (!plain.ok()) return false;
  lezpay::keystore::wipe(plain.value());
  return true;
}

void WalletKeystore::close() {
  lezpay::keystore::wipe(password_);
  keys_.clear();  // SecretKey wipes itself
  order_.clear();
  open_ = false;
}

lezpay::util::Result<lez::core::AccountId> WalletKeystore::addKey(const lez::core::SecretKey& key) {
  if (!open_) return lezpay::util::Error{"WALLET_NOT_OPEN", "open the wallet first (open or create_new)"};
  auto id = lez::core::publicAccountId(key.publicKey());
  if (keys_.count(id)) return id;
  keys_.insert_or_assign(id, key);
  order_.push_back(id);
  auto st = save();
  if (!st.ok()) {
    keys_.erase(id);
    order_.pop_back();
    return st.error();
  }
  return id;
}

std::vector<lez::core::AccountId> WalletKeystore::accounts() const { return order_; }

const lez::core::SecretKey* WalletKeystore::key(const lez::core::AccountId& id) const {
  auto it = keys_.find(id);
  return it == keys_.end() ? nullptr : &it->second;
}

lezpay::util::Status WalletKeystore::save() {
  nlohmann::json accounts = nlohmann::json::array();
  for (const auto& id : order_) accounts.push_back({{"secret_key_hex", lezpay::util::toHex(keys_.at(id).exposeSecret())}});
  std::string plain = nlohmann::json{{"version", 1}, {"accounts", accounts}}.dump();
  for (auto& a : accounts) lezpay::keystore::wipe(a["secret_key_hex"].get_ref<std::string&>());
  auto sealed = lezpay::keystore::seal(plain, password_, kdf_);
  lezpay::keystore::wipe(plain);
  if (!sealed.ok()) return sealed.error();
  return lezpay::fileio::writeFileAtomic(path_, sealed.value(), 0600);
}

}  // namespace wallet
