#pragma once
// Hex and byte helpers shared by the lezpay::libp2p unit tests.
#include <QByteArray>
#include <QString>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/util/result.h"

inline std::vector<std::uint8_t> hexBytes(const char* hex) {
  const QByteArray b = QByteArray::fromHex(QByteArray(hex));
  return {b.begin(), b.end()};
}

inline QByteArray hexOf(std::span<const std::uint8_t> v) {
  return QByteArray(reinterpret_cast<const char*>(v.data()), static_cast<qsizetype>(v.size())).toHex();
}

inline std::vector<std::uint8_t> textBytes(std::string_view s) { return {s.begin(), s.end()}; }

inline std::vector<std::uint8_t> concat(std::vector<std::uint8_t> a, std::span<const std::uint8_t> b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

template <typename T>
QString codeOf(const lezpay::util::Result<T>& r) {
  return r.ok() ? QString("OK") : QString::fromStdString(r.error().code);
}

template <typename T>
const char* messageOf(const lezpay::util::Result<T>& r) {
  static thread_local std::string m;
  m = r.ok() ? std::string() : r.error().code + ": " + r.error().message;
  return m.c_str();
}
