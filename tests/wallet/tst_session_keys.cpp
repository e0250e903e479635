// The wallet's session-key store and its operations (modules/wallet_module/src/session_keys.h).
#include <QtTest>

#include <QTemporaryDir>
#include <sys/stat.h>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/util/hex.h"
#include "logos/caller.h"
#include "logos/sdk/dispatcher.h"
#include "session_keys.h"
#include "wallet_errors.h"

namespace {

using wallet::SessionKeyStore;

std::array<std::uint8_t, 32> digestOf(std::uint8_t b) {
  std::array<std::uint8_t, 32> d{};
  d.fill(b);
  return d;
}

bool verifies(const std::array<std::uint8_t, 64>& sig, const std::array<std::uint8_t, 32>& digest, const wallet::SessionPublicKey& pub) {
  auto pk = lez::core::PublicKey::fromBytes(pub);
  return pk.ok() && lez::core::verify(lez::core::Signature{sig}, digest, pk.value());
}

std::string pathIn(const QTemporaryDir& dir, const char* name) { return dir.path().toStdString() + "/" + name; }

unsigned modeOf(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 0777) : 0;
}

logos::sdk::Dispatcher dispatcherFor(SessionKeyStore& store) {
  logos::sdk::Dispatcher d;
  d.setContractChecks(true);
  d.declareErrors(wallet::walletErrors());
  wallet::registerSessionKeyOperations([&d](logos::OperationSpec s, logos::sdk::Dispatcher::Handler h) { d.add(std::move(s), std::move(h)); },
                                       store);
  return d;
}

}  // namespace

class TstSessionKeys : public QObject {
  Q_OBJECT
 private slots:
  void createdKeySignsAndSurvivesAReload() {
    QTemporaryDir dir;
    SessionKeyStore store;
    QVERIFY(store.load(dir.path().toStdString()).ok());
    auto pub = store.create();
    QVERIFY2(pub.ok(), pub.ok() ? "" : pub.error().message.c_str());
    QCOMPARE(modeOf(pathIn(dir, wallet::kSessionKeysFile)), 0600u);
    QCOMPARE(modeOf(pathIn(dir, wallet::kSessionKeysSecretFile)), 0600u);
    auto sig = store.sign(pub.value(), digestOf(1));
    QVERIFY(sig.ok());
    QVERIFY(verifies(sig.value(), digestOf(1), pub.value()));
    QVERIFY(!verifies(sig.value(), digestOf(2), pub.value()));

    SessionKeyStore again;
    QVERIFY(again.load(dir.path().toStdString()).ok());
    QCOMPARE(again.size(), std::size_t(1));
    auto sig2 = again.sign(pub.value(), digestOf(3));
    QVERIFY(sig2.ok());
    QVERIFY(verifies(sig2.value(), digestOf(3), pub.value()));
  }

  void theSecretIsNotInTheFileInClear() {
    QTemporaryDir dir;
    SessionKeyStore store;
    QVERIFY(store.load(dir.path().toStdString()).ok());
    std::array<std::uint8_t, 32> secret{};
    secret.fill(0x5a);
    QVERIFY(store.import(lez::core::SecretKey::fromBytes(secret).value()).value());
    const std::string text = lezpay::fileio::readFile(pathIn(dir, wallet::kSessionKeysFile)).value();
    QVERIFY(text.find(lezpay::util::toHex(secret)) == std::string::npos);
  }

  void forgetDropsTheKeyDurably() {
    QTemporaryDir dir;
    SessionKeyStore store;
    QVERIFY(store.load(dir.path().toStdString()).ok());
    const auto a = store.create().value();
    const auto b = store.create().value();
    QVERIFY(store.forget(a).value());
    QVERIFY(!store.forget(a).value());
    QCOMPARE(store.sign(a, digestOf(1)).error().code, std::string("SESSION_KEY_UNKNOWN"));
    SessionKeyStore again;
    QVERIFY(again.load(dir.path().toStdString()).ok());
    QVERIFY(!again.holds(a));
    QVERIFY(again.holds(b));
  }

  void importIsIdempotent() {
    QTemporaryDir dir;
    SessionKeyStore store;
    QVERIFY(store.load(dir.path().toStdString()).ok());
    std::array<std::uint8_t, 32> secret{};
    secret.fill(3);
    const auto key = lez::core::SecretKey::fromBytes(secret).value();
    QVERIFY(store.import(key).value());
    QVERIFY(!store.import(key).value());
    QVERIFY(store.holds(key.publicKey().bytes()));
  }

  void anUnreadableFileIsRefusedAndKept() {
    QTemporaryDir dir;
    {
      SessionKeyStore store;
      QVERIFY(store.load(dir.path().toStdString()).ok());
      QVERIFY(store.create().ok());
    }
    const std::string sealed = pathIn(dir, wallet::kSessionKeysFile);
    const std::string before = lezpay::fileio::readFile(sealed).value();
    // Its password file gone: the keys cannot be opened, and nothing overwrites them.
    QVERIFY(::rename(pathIn(dir, wallet::kSessionKeysSecretFile).c_str(), pathIn(dir, "moved").c_str()) == 0);
    SessionKeyStore store;
    QCOMPARE(store.load(dir.path().toStdString()).error().code, std::string("SESSION_KEYS_UNREADABLE"));
    QCOMPARE(store.create().error().code, std::string("SESSION_KEYS_UNREADABLE"));
    QCOMPARE(lezpay::fileio::readFile(sealed).value(), before);
    QVERIFY(lezpay::fileio::writeFileAtomic(sealed, "garbage", 0600).ok());
    QVERIFY(::rename(pathIn(dir, "moved").c_str(), pathIn(dir, wallet::kSessionKeysSecretFile).c_str()) == 0);
    QCOMPARE(store.load(dir.path().toStdString()).error().code, std::string("SESSION_KEYS_UNREADABLE"));
    SessionKeyStore notLoaded;
    QCOMPARE(notLoaded.create().error().code, std::string("SESSION_KEYS_UNREADABLE"));
  }

  void operationsAnswerTheirShapes() {
    QTemporaryDir dir;
    SessionKeyStore store;
    QVERIFY(store.load(dir.path().toStdString()).ok());
    auto d = dispatcherFor(store);
    const logos::Json created = d.dispatch("create_session_key", logos::Json::object());
    QCOMPARE(QString::fromStdString(created.value("status", std::string())), QStringLiteral("ok"));
    const std::string pub = created.value("public_key", std::string());
    QCOMPARE(pub.size(), std::size_t(64));
    const std::string digest(64, 'a');
    const logos::Json signedAnswer = d.dispatch("sign_with_session_key", logos::Json{{"public_key", pub}, {"digest_hex", digest}});
    QCOMPARE(QString::fromStdString(signedAnswer.value("status", std::string())), QStringLiteral("ok"));
    auto sig = lezpay::util::fromHexFixed<64>(signedAnswer.value("signature", std::string()));
    QVERIFY(sig.ok());
    QVERIFY(verifies(sig.value(), lezpay::util::fromHexFixed<32>(digest).value(), lezpay::util::fromHexFixed<32>(pub).value()));
    const logos::Json unknown = d.dispatch("sign_with_session_key", logos::Json{{"public_key", std::string(64, 'b')}, {"digest_hex", digest}});
    QCOMPARE(QString::fromStdString(unknown.value("code", std::string())), QStringLiteral("SESSION_KEY_UNKNOWN"));
    QCOMPARE(d.dispatch("forget_session_key", logos::Json{{"public_key", pub}}).value("forgotten", false), true);
    QCOMPARE(d.dispatch("forget_session_key", logos::Json{{"public_key", pub}}).value("forgotten", true), false);
  }

  void onlyPaymentStreamsMayImport() {
    QTemporaryDir dir;
    SessionKeyStore store;
    QVERIFY(store.load(dir.path().toStdString()).ok());
    auto d = dispatcherFor(store);
    const std::string secret = std::string(63, '0') + "7";
    const logos::Json client{{"kind", "client"}, {"name", ""}, {"transport", "local"}, {"peer", ""}};
    const logos::Json other{{"kind", "module"}, {"module", "delivery_module"}, {"on_behalf_of", nullptr}};
    const logos::Json streams{{"kind", "module"}, {"module", "payment_streams_module"}, {"on_behalf_of", nullptr}};
    for (const logos::Json& caller : {logos::Json(), client, other}) {
      logos::Json params{{"secret_key_hex", secret}};
      if (!caller.is_null()) params[logos::kCallerParam] = caller;
      const logos::Json refused = d.dispatch("import_session_key", params);
      QCOMPARE(QString::fromStdString(refused.value("code", std::string())), QStringLiteral("SESSION_KEY_IMPORT_REFUSED"));
    }
    QCOMPARE(store.size(), std::size_t(0));
    const logos::Json imported = d.dispatch("import_session_key", logos::Json{{"secret_key_hex", secret}, {logos::kCallerParam, streams}});
    QCOMPARE(QString::fromStdString(imported.value("status", std::string())), QStringLiteral("ok"));
    QCOMPARE(imported.value("imported", false), true);
    QCOMPARE(store.size(), std::size_t(1));
    QVERIFY(imported.dump().find(secret) == std::string::npos);
  }
};

QTEST_APPLESS_MAIN(TstSessionKeys)
#include "tst_session_keys.moc"
