#include "session_key_migration.h"

#include <QLoggingCategory>

#include <cstdio>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/keystore/sealed_box.h"
#include "lezpay/util/hex.h"
#include "lezpay/util/json_parse.h"

Q_LOGGING_CATEGORY(lcSessionKeyMigration, "lezpay.streams.session_keys")

namespace payment_streams {
namespace {

Error corrupt(const std::string& file, const std::string& why) { return Error{"STATE_CORRUPT", file + ": " + why}; }

}  // namespace

Result<std::vector<lez::core::SecretKey>> readLegacySessionKeys(const std::string& dir) {
  const std::string sealedPath = dir + "/" + kLegacySessionKeysFile;
  const std::string secretPath = dir + "/" + kLegacySessionKeysSecretFile;
  auto sealed = lezpay::fileio::readFile(sealedPath);
  if (!sealed.ok()) {
    if (sealed.error().code == "NOT_FOUND") return std::vector<lez::core::SecretKey>{};
    return corrupt(sealedPath, sealed.error().message);
  }
  auto password = lezpay::fileio::readFile(secretPath);
  if (!password.ok()) return corrupt(secretPath, password.error().message);
  auto plain = lezpay::keystore::open(sealed.value(), password.value());
  lezpay::keystore::wipe(password.value());
  if (!plain.ok()) return corrupt(sealedPath, plain.error().message);
  auto parsed = lezpay::util::parseJson(plain.value());
  lezpay::keystore::wipe(plain.value());
  if (!parsed.ok() || !parsed.value().is_object()) return corrupt(sealedPath, "not a key map");
  std::vector<lez::core::SecretKey> keys;
  for (auto it = parsed.value().begin(); it != parsed.value().end(); ++it) {
    Json& sec = it.value();
    if (!sec.is_string()) return corrupt(sealedPath, "bad key entry");
    auto key = lez::core::SecretKey::fromHex(sec.get<std::string>());
    lezpay::keystore::wipe(sec.get_ref<std::string&>());
    if (!key.ok()) return corrupt(sealedPath, "bad key entry");
    keys.push_back(key.value());
  }
  return keys;
}

void SessionKeyMigration::start(const std::string& dir, std::vector<lez::core::SecretKey> keys, const WalletCall& call, int timeoutMs) {
  dir_ = dir;
  if (keys.empty()) {
    (void)std::remove((dir_ + "/" + kLegacySessionKeysSecretFile).c_str());
    return;
  }
  qCInfo(lcSessionKeyMigration).noquote() << "handing" << keys.size() << "session keys of" << kLegacySessionKeysFile
                                          << "over to wallet_module";
  pending_ = keys.size();
  failed_ = 0;
  for (const auto& key : keys) {
    std::string secretHex = lezpay::util::toHex(key.exposeSecret());
    Json params{{"secret_key_hex", secretHex}};
    lezpay::keystore::wipe(secretHex);
    call("import_session_key", params, timeoutMs, [this](const Json& answer) {
      if (!logos::isOk(answer)) {
        ++failed_;
        qCWarning(lcSessionKeyMigration).noquote() << "wallet_module refused a session key:"
                                                   << QString::fromStdString(answer.value("code", std::string("?")));
      }
      if (--pending_ == 0) finish();
    });
    lezpay::keystore::wipe(params["secret_key_hex"].get_ref<std::string&>());
  }
  keys.clear();  // SecretKey wipes itself
}

void SessionKeyMigration::finish() {
  if (failed_ == 0) {
    (void)std::remove((dir_ + "/" + kLegacySessionKeysFile).c_str());
    (void)std::remove((dir_ + "/" + kLegacySessionKeysSecretFile).c_str());
    qCInfo(lcSessionKeyMigration).noquote() << "session keys handed over; removed" << kLegacySessionKeysFile << "and"
                                            << kLegacySessionKeysSecretFile;
  } else {
    qCWarning(lcSessionKeyMigration).noquote() << failed_ << "session keys were not imported; keeping" << kLegacySessionKeysFile
                                               << "for the next start";
  }
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& then : waiting) then();
}

void SessionKeyMigration::whenDone(std::function<void()> then) {
  if (pending_ == 0) return then();
  waiting_.push_back(std::move(then));
}

}  // namespace payment_streams
