// The hand-over of payment_streams_module's old session key file to wallet_module
// (modules/payment_streams_module/src/session_key_migration.h), against a scripted wallet.
#include <QtTest>

#include <QTemporaryDir>
#include <set>
#include <sys/stat.h>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/keystore/sealed_box.h"
#include "lezpay/util/hex.h"
#include "session_key_migration.h"

namespace {

using payment_streams::Json;

lez::core::SecretKey key(std::uint8_t b) {
  std::array<std::uint8_t, 32> bytes{};
  bytes.fill(b);
  return lez::core::SecretKey::fromBytes(bytes).value();
}

std::string pathIn(const QTemporaryDir& dir, const char* name) { return dir.path().toStdString() + "/" + name; }

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

// Writes the old format: a sealed {"<public hex>": "<secret hex>"} under a password file.
void writeLegacy(const QTemporaryDir& dir, const std::vector<lez::core::SecretKey>& keys) {
  Json map = Json::object();
  for (const auto& k : keys) map[lezpay::util::toHex(k.publicKey().bytes())] = lezpay::util::toHex(k.exposeSecret());
  lezpay::keystore::KdfParams kdf;
  kdf.n = 1u << 10;
  const std::string password(64, 'e');
  QVERIFY(lezpay::fileio::writeFileAtomic(pathIn(dir, payment_streams::kLegacySessionKeysSecretFile), password, 0600).ok());
  auto sealed = lezpay::keystore::seal(map.dump(), password, kdf);
  QVERIFY(sealed.ok());
  QVERIFY(lezpay::fileio::writeFileAtomic(pathIn(dir, payment_streams::kLegacySessionKeysFile), sealed.value(), 0600).ok());
}

// A wallet that records each call and answers when told.
struct ScriptedWallet {
  std::vector<std::pair<std::string, Json>> calls;
  std::vector<logos::CallCallback> pending;
  payment_streams::WalletCall fn() {
    return [this](const std::string& op, const Json& params, int, logos::CallCallback done) {
      calls.emplace_back(op, params);
      pending.push_back(std::move(done));
    };
  }
  void answerAll(const Json& answer) {
    auto p = std::move(pending);
    pending.clear();
    for (auto& done : p) done(answer);
  }
};

}  // namespace

class TstSessionKeyMigration : public QObject {
  Q_OBJECT
 private slots:
  void noOldFileMeansNothingToDo() {
    QTemporaryDir dir;
    auto keys = payment_streams::readLegacySessionKeys(dir.path().toStdString());
    QVERIFY(keys.ok());
    QVERIFY(keys->empty());
    ScriptedWallet wallet;
    payment_streams::SessionKeyMigration m;
    m.start(dir.path().toStdString(), {}, wallet.fn(), 1000);
    QVERIFY(!m.running());
    QVERIFY(wallet.calls.empty());
    bool ran = false;
    m.whenDone([&] { ran = true; });
    QVERIFY(ran);
  }

  void everyKeyIsImportedThenTheFilesGo() {
    QTemporaryDir dir;
    writeLegacy(dir, {key(1), key(2)});
    auto keys = payment_streams::readLegacySessionKeys(dir.path().toStdString());
    QVERIFY2(keys.ok(), keys.ok() ? "" : keys.error().message.c_str());
    QCOMPARE(keys->size(), std::size_t(2));
    ScriptedWallet wallet;
    payment_streams::SessionKeyMigration m;
    m.start(dir.path().toStdString(), std::move(keys.value()), wallet.fn(), 1000);
    QVERIFY(m.running());
    QCOMPARE(wallet.calls.size(), std::size_t(2));
    std::set<std::string> imported;
    for (const auto& [op, params] : wallet.calls) {
      QCOMPARE(QString::fromStdString(op), QStringLiteral("import_session_key"));
      imported.insert(params.value("secret_key_hex", std::string()));
    }
    QVERIFY(imported.count(lezpay::util::toHex(key(1).exposeSecret())) == 1);
    QVERIFY(imported.count(lezpay::util::toHex(key(2).exposeSecret())) == 1);
    bool ran = false;
    m.whenDone([&] { ran = true; });
    QVERIFY2(!ran, "a proof waits for the imports");
    QVERIFY(exists(pathIn(dir, payment_streams::kLegacySessionKeysFile)));
    wallet.answerAll(Json{{"status", "ok"}, {"result", Json{{"imported", true}}}});
    QVERIFY(ran);
    QVERIFY(!m.running());
    QVERIFY(!exists(pathIn(dir, payment_streams::kLegacySessionKeysFile)));
    QVERIFY(!exists(pathIn(dir, payment_streams::kLegacySessionKeysSecretFile)));
  }

  void aRefusedImportKeepsTheFilesForTheNextStart() {
    QTemporaryDir dir;
    writeLegacy(dir, {key(3)});
    auto keys = payment_streams::readLegacySessionKeys(dir.path().toStdString());
    QVERIFY(keys.ok());
    ScriptedWallet wallet;
    payment_streams::SessionKeyMigration m;
    m.start(dir.path().toStdString(), std::move(keys.value()), wallet.fn(), 1000);
    bool ran = false;
    m.whenDone([&] { ran = true; });
    wallet.answerAll(Json{{"status", "error"}, {"code", "SESSION_KEY_IMPORT_REFUSED"}, {"message", "no"}});
    QVERIFY2(ran, "waiting proofs go on (and fail at the wallet) rather than hang");
    QVERIFY(exists(pathIn(dir, payment_streams::kLegacySessionKeysFile)));
    QVERIFY(exists(pathIn(dir, payment_streams::kLegacySessionKeysSecretFile)));
  }

  void anOldFileThatDoesNotOpenIsStateCorrupt() {
    QTemporaryDir dir;
    writeLegacy(dir, {key(4)});
    QVERIFY(lezpay::fileio::writeFileAtomic(pathIn(dir, payment_streams::kLegacySessionKeysSecretFile), "wrong", 0600).ok());
    auto keys = payment_streams::readLegacySessionKeys(dir.path().toStdString());
    QVERIFY(!keys.ok());
    QCOMPARE(QString::fromStdString(keys.error().code), QStringLiteral("STATE_CORRUPT"));
    QVERIFY(keys.error().message.find(payment_streams::kLegacySessionKeysFile) != std::string::npos);
    QVERIFY(keys.error().message.find("eeee") == std::string::npos);
  }
};

QTEST_APPLESS_MAIN(TstSessionKeyMigration)
#include "tst_session_key_migration.moc"
