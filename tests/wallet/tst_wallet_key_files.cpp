// The plaintext of the wallet's two sealed key files (modules/wallet_module/src/node_keys_body.h,
// session_keys_body.h): every refusal's code, the bounds, and that a list in the writer's form
// reads back to the same bytes; the session key store's TOO_MANY_SESSION_KEYS at the bound.
#include <QtTest>

#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/keystore/sealed_box.h"
#include "lezpay/util/hex.h"
#include "node_keys_body.h"
#include "session_keys.h"
#include "session_keys_body.h"

namespace {

using Json = nlohmann::json;

// The 32-byte big-endian secret `n` (valid for 1 <= n < the curve order).
std::string secretHex(std::uint32_t n) {
  std::array<std::uint8_t, 32> b{};
  for (int i = 0; i < 4; ++i) b[31 - i] = static_cast<std::uint8_t>(n >> (8 * i));
  return lezpay::util::toHex(b);
}

const std::string kOne = secretHex(1);
const std::string kTwo = secretHex(2);
const std::string kZero(64, '0');
const std::string kOverOrder(64, 'f');

std::string nodeList(std::size_t n) {
  Json keys = Json::object();
  for (std::size_t i = 0; i < n; ++i) keys["k" + std::to_string(i)] = secretHex(static_cast<std::uint32_t>(i + 1));
  return Json{{"keys", keys}}.dump();
}

std::string sessionList(std::size_t n) {
  Json list = Json::array();
  for (std::size_t i = 0; i < n; ++i) list.push_back(secretHex(static_cast<std::uint32_t>(i + 1)));
  return Json{{"version", 1}, {"session_keys", list}}.dump();
}

}  // namespace

class TstWalletKeyFiles : public QObject {
  Q_OBJECT

 private slots:
  void nodeKeysRefusals_data() {
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("code");
    auto row = [](const char* name, const std::string& body, const char* code) {
      QTest::newRow(name) << QString::fromStdString(body) << QString(code);
    };
    row("not json", "keys: 1", "JSON_MALFORMED");
    row("empty", "", "JSON_MALFORMED");
    row("number out of range", "{\"keys\":{},\"x\":1e400}", "JSON_NUMBER_OUT_OF_RANGE");
    row("too deep", std::string(9, '[') + std::string(9, ']'), "JSON_TOO_DEEP");
    row("too large", "{\"keys\":{},\"pad\":\"" + std::string(wallet::kMaxNodeKeysBodyBytes, 'a') + "\"}", "JSON_TOO_LARGE");
    row("array", "[]", "NODE_KEYS_NOT_A_LIST");
    row("no keys", "{}", "NODE_KEYS_NOT_A_LIST");
    row("keys an array", "{\"keys\":[]}", "NODE_KEYS_NOT_A_LIST");
    row("too many", nodeList(wallet::kMaxNodeKeys + 1), "NODE_KEYS_TOO_MANY");
    row("name uppercase", "{\"keys\":{\"Delivery\":\"" + kOne + "\"}}", "NODE_KEY_NAME_INVALID");
    row("name empty", "{\"keys\":{\"\":\"" + kOne + "\"}}", "NODE_KEY_NAME_INVALID");
    row("name too long", "{\"keys\":{\"" + std::string(65, 'a') + "\":\"" + kOne + "\"}}", "NODE_KEY_NAME_INVALID");
    row("key a number", "{\"keys\":{\"delivery\":1}}", "NODE_KEY_NOT_STRING");
    row("key an object", "{\"keys\":{\"delivery\":{}}}", "NODE_KEY_NOT_STRING");
    row("key not hex", "{\"keys\":{\"delivery\":\"" + std::string(64, 'g') + "\"}}", "NODE_KEY_BAD_HEX");
    row("key short", "{\"keys\":{\"delivery\":\"" + kOne.substr(2) + "\"}}", "NODE_KEY_BAD_HEX");
    row("key long", "{\"keys\":{\"delivery\":\"" + kOne + "00\"}}", "NODE_KEY_BAD_HEX");
    row("key zero", "{\"keys\":{\"delivery\":\"" + kZero + "\"}}", "NODE_KEY_INVALID_SECRET");
    row("key over order", "{\"keys\":{\"delivery\":\"" + kOverOrder + "\"}}", "NODE_KEY_INVALID_SECRET");
  }
  void nodeKeysRefusals() {
    QFETCH(QString, body);
    QFETCH(QString, code);
    auto parsed = wallet::parseNodeKeysBody(body.toStdString());
    QVERIFY(!parsed.ok());
    QCOMPARE(QString::fromStdString(parsed.error().code), code);
    QVERIFY(!parsed.error().message.empty());
    // No secret in a refusal.
    QVERIFY(parsed.error().message.find(kOne) == std::string::npos);
    QVERIFY(parsed.error().message.find(kOverOrder) == std::string::npos);
  }

  void nodeKeysRead() {
    // The writer's form reads back and writes the same bytes; a key's text is kept as written.
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{3}, wallet::kMaxNodeKeys}) {
      const std::string text = nodeList(n);
      auto parsed = wallet::parseNodeKeysBody(text);
      QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
      QCOMPARE(parsed->keys.size(), n);
      QCOMPARE(wallet::nodeKeysBodyText(parsed->secretsHex), text);
    }
    auto upper = wallet::parseNodeKeysBody("{\"keys\":{\"delivery\":\"0x" + QByteArray::fromStdString(kTwo).toUpper().toStdString() + "\"}}");
    QVERIFY(upper.ok());
    auto lower = wallet::parseNodeKeysBody("{\"keys\":{\"delivery\":\"" + kTwo + "\"}}");
    QVERIFY(lower.ok());
    QVERIFY(upper->keys.at("delivery").publicKey().data == lower->keys.at("delivery").publicKey().data);
    // The same secret under two names: node_key_import allows it.
    QVERIFY(wallet::parseNodeKeysBody("{\"keys\":{\"a\":\"" + kOne + "\",\"b\":\"" + kOne + "\"}}").ok());
  }

  void sessionKeysRefusals_data() {
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("code");
    auto row = [](const char* name, const std::string& body, const char* code) {
      QTest::newRow(name) << QString::fromStdString(body) << QString(code);
    };
    auto list = [](const std::string& entries) { return "{\"version\":1,\"session_keys\":[" + entries + "]}"; };
    row("not json", "version=1", "JSON_MALFORMED");
    row("trailing bytes", list("") + "x", "JSON_MALFORMED");
    row("number out of range", "{\"version\":1e400,\"session_keys\":[]}", "JSON_NUMBER_OUT_OF_RANGE");
    row("too deep", "{\"version\":1,\"session_keys\":[[[[[[[[]]]]]]]]}", "JSON_TOO_DEEP");
    row("too large", list("\"" + std::string(wallet::kMaxSessionKeysBodyBytes, '0') + "\""), "JSON_TOO_LARGE");
    row("array", "[]", "SESSION_KEYS_NOT_A_LIST");
    row("no list", "{\"version\":1}", "SESSION_KEYS_NOT_A_LIST");
    row("list an object", "{\"version\":1,\"session_keys\":{}}", "SESSION_KEYS_NOT_A_LIST");
    row("no version", "{\"session_keys\":[]}", "SESSION_KEYS_WRONG_VERSION");
    row("version 2", "{\"version\":2,\"session_keys\":[]}", "SESSION_KEYS_WRONG_VERSION");
    row("version a string", "{\"version\":\"1\",\"session_keys\":[]}", "SESSION_KEYS_WRONG_VERSION");
    row("too many", sessionList(wallet::kMaxSessionKeys + 1), "SESSION_KEYS_TOO_MANY");
    row("entry a number", list("1"), "SESSION_KEY_NOT_STRING");
    row("entry null", list("\"" + kOne + "\",null"), "SESSION_KEY_NOT_STRING");
    row("entry not hex", list("\"" + std::string(64, 'z') + "\""), "SESSION_KEY_BAD_HEX");
    row("entry short", list("\"" + kOne.substr(2) + "\""), "SESSION_KEY_BAD_HEX");
    row("entry empty", list("\"\""), "SESSION_KEY_BAD_HEX");
    row("entry zero", list("\"" + kZero + "\""), "SESSION_KEY_INVALID_SECRET");
    row("entry over order", list("\"" + kOverOrder + "\""), "SESSION_KEY_INVALID_SECRET");
    row("duplicate", list("\"" + kOne + "\",\"" + kTwo + "\",\"" + kOne + "\""), "SESSION_KEY_DUPLICATE");
    row("duplicate other spelling", list("\"" + kOne + "\",\"0x" + kOne + "\""), "SESSION_KEY_DUPLICATE");
  }
  void sessionKeysRefusals() {
    QFETCH(QString, body);
    QFETCH(QString, code);
    auto parsed = wallet::parseSessionKeysBody(body.toStdString());
    QVERIFY(!parsed.ok());
    QCOMPARE(QString::fromStdString(parsed.error().code), code);
    QVERIFY(!parsed.error().message.empty());
    QVERIFY(parsed.error().message.find(kOne) == std::string::npos);
  }

  void sessionKeysRead() {
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{5}, wallet::kMaxSessionKeys}) {
      auto parsed = wallet::parseSessionKeysBody(sessionList(n));
      QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
      QCOMPARE(parsed->size(), n);
      // The writer's own text (public key order) reads back to the same bytes.
      const std::string text = wallet::sessionKeysBodyText(parsed.value());
      auto again = wallet::parseSessionKeysBody(text);
      QVERIFY(again.ok());
      QCOMPARE(wallet::sessionKeysBodyText(again.value()), text);
    }
    // Version 1 as the old reader compared it (a number equal to 1).
    QVERIFY(wallet::parseSessionKeysBody("{\"version\":1.0,\"session_keys\":[]}").ok());
  }

  void storeRefusesBeyondTheBound() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    const std::string password(64, 'a');
    QVERIFY(lezpay::fileio::writeFileAtomic(d + "/" + wallet::kSessionKeysSecretFile, password, 0600).ok());
    lezpay::keystore::KdfParams kdf;
    kdf.n = 1u << 10;
    auto sealed = lezpay::keystore::seal(sessionList(wallet::kMaxSessionKeys), password, kdf);
    QVERIFY(sealed.ok());
    QVERIFY(lezpay::fileio::writeFileAtomic(d + "/" + wallet::kSessionKeysFile, sealed.value(), 0600).ok());
    wallet::SessionKeyStore store;
    QVERIFY(store.load(d).ok());
    QCOMPARE(store.size(), wallet::kMaxSessionKeys);
    QCOMPARE(store.create().error().code, std::string("TOO_MANY_SESSION_KEYS"));
    auto extra = lez::core::SecretKey::fromHex(secretHex(static_cast<std::uint32_t>(wallet::kMaxSessionKeys + 1)));
    QVERIFY(extra.ok());
    QCOMPARE(store.import(extra.value()).error().code, std::string("TOO_MANY_SESSION_KEYS"));
    // A key already held is still fine, and a freed place takes a new key.
    auto held = lez::core::SecretKey::fromHex(kOne);
    QVERIFY(held.ok());
    QCOMPARE(store.import(held.value()).value(), false);
    QVERIFY(store.forget(held->publicKey().bytes()).value());
    QVERIFY(store.create().ok());
    wallet::SessionKeyStore again;
    QVERIFY(again.load(d).ok());
    QCOMPARE(again.size(), wallet::kMaxSessionKeys);
  }
};

QTEST_APPLESS_MAIN(TstWalletKeyFiles)
#include "tst_wallet_key_files.moc"
