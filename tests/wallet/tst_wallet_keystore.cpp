// The wallet's sealed keystore (modules/wallet_module/src/wallet_keystore.h).
#include <QtTest>

#include <QTemporaryDir>
#include <sys/stat.h>

#include "lezpay/fileio/atomic_file.h"
#include "wallet_keystore.h"

namespace {
const lezpay::keystore::KdfParams kFast{1u << 10, 8, 1};
lez::core::SecretKey key(std::uint8_t b) {
  std::array<std::uint8_t, 32> bytes{};
  bytes.fill(b);
  return lez::core::SecretKey::fromBytes(bytes).value();
}
}  // namespace

class TstWalletKeystore : public QObject {
  Q_OBJECT
 private slots:
  void createAddReopen() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/ks.json";
    wallet::WalletKeystore ks(path, kFast);
    QVERIFY(!ks.exists());
    QVERIFY(!ks.addKey(key(1)).ok());  // closed
    QVERIFY(ks.create("pw").ok());
    auto id = ks.addKey(key(1));
    QVERIFY(id.ok());
    QVERIFY(ks.addKey(key(2)).ok());
    QCOMPARE(ks.addKey(key(1)).value(), id.value());  // idempotent
    struct stat st {};
    QCOMPARE(::stat(path.c_str(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600u);
    auto text = lezpay::fileio::readFile(path).value();
    QVERIFY(text.find("0101010101") == std::string::npos);  // the secret is not in the file in clear

    wallet::WalletKeystore again(path, kFast);
    QCOMPARE(QString::fromStdString(again.open("wrong").error().code), QStringLiteral("WRONG_PASSWORD_OR_CORRUPT"));
    QVERIFY(!again.isOpen());
    QVERIFY(again.open("pw").ok());
    QCOMPARE(again.accounts().size(), std::size_t(2));
    QCOMPARE(again.accounts()[0], id.value());
    QVERIFY(again.key(id.value()) != nullptr);
    again.close();
    QVERIFY(again.key(id.value()) == nullptr);
  }
  void createRefusesExistingAndEmptyPassword() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/ks.json";
    wallet::WalletKeystore ks(path, kFast);
    QCOMPARE(QString::fromStdString(ks.create("").error().code), QStringLiteral("INVALID_PASSWORD"));
    QVERIFY(ks.create("pw").ok());
    QCOMPARE(QString::fromStdString(ks.create("pw").error().code), QStringLiteral("KEYSTORE_EXISTS"));
  }
  void missingAndCorruptFiles() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/ks.json";
    wallet::WalletKeystore ks(path, kFast);
    QCOMPARE(QString::fromStdString(ks.open("pw").error().code), QStringLiteral("NO_KEYSTORE"));
    QVERIFY(lezpay::fileio::writeFileAtomic(path, "garbage", 0600).ok());
    QCOMPARE(QString::fromStdString(ks.open("pw").error().code), QStringLiteral("MALFORMED_KEYSTORE"));
  }
};

QTEST_APPLESS_MAIN(TstWalletKeystore)
#include "tst_wallet_keystore.moc"
