#pragma once
// Small helpers shared by the lez::core QtTest suites (header-only, tests only).

#include <QByteArray>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <string>
#include <vector>

#include "lezpay/util/hex.h"

namespace lez_test {

// Bytes of a hex literal written in the test itself (a malformed literal is a test bug).
inline std::vector<std::uint8_t> hexBytes(const std::string& hex) {
  auto r = lezpay::util::fromHex(hex);
  if (!r.ok()) qFatal("bad hex literal in test: %s", hex.c_str());
  return r.value();
}

inline QString qhex(const std::vector<std::uint8_t>& bytes) {
  return QString::fromStdString(lezpay::util::toHex(bytes));
}

template <std::size_t N>
QString qhex(const std::array<std::uint8_t, N>& bytes) {
  return QString::fromStdString(lezpay::util::toHex(bytes));
}

// The error message of a Result or Status, empty when it succeeded. QVERIFY2 evaluates its
// description even on success, so descriptions must never call error() unconditionally.
template <typename R>
QByteArray why(const R& r) {
  return r.ok() ? QByteArray() : QByteArray::fromStdString(r.error().code + ": " + r.error().message);
}

// tests/vectors/<name> parsed as a JSON object.
inline QJsonObject loadVectors(const char* name) {
  QFile f(QStringLiteral(LEZPAY_TEST_VECTORS_DIR) + QLatin1Char('/') + QLatin1String(name));
  if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open test vectors %s", name);
  QJsonParseError err{};
  const auto doc = QJsonDocument::fromJson(f.readAll(), &err);
  if (err.error != QJsonParseError::NoError || !doc.isObject()) qFatal("bad JSON in %s", name);
  return doc.object();
}

}  // namespace lez_test
