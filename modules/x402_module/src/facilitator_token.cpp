#include "facilitator_token.h"

#include <QRandomGenerator>

#include <array>
#include <cstdint>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/util/hex.h"

namespace x402mod {

using lezpay::util::Error;
using lezpay::util::Result;

Result<std::string> readFacilitatorToken(const std::string& path) {
  auto text = lezpay::fileio::readFile(path);
  if (!text.ok()) return text.error();
  return facilitatorTokenFromText(path, text.value());
}

Result<std::string> loadOrCreateFacilitatorToken(const std::string& path) {
  auto existing = readFacilitatorToken(path);
  if (existing.ok() || existing.error().code != "NOT_FOUND") return existing;
  std::array<std::uint8_t, 32> bytes{};
  for (auto& b : bytes) b = static_cast<std::uint8_t>(QRandomGenerator::system()->bounded(256));
  const std::string token = lezpay::util::toHex(bytes);
  if (auto st = lezpay::fileio::writeFileAtomic(path, token + "\n", 0600); !st.ok()) return st.error();
  return token;
}

bool bearerMatches(std::string_view header, std::string_view token) {
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() < kScheme.size() || token.empty()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    const char c = header[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != kScheme[i]) return false;
  }
  const std::string_view given = header.substr(kScheme.size());
  // Length is not secret (always 64); the bytes are compared without an early exit.
  if (given.size() != token.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < token.size(); ++i) diff |= static_cast<unsigned char>(given[i] ^ token[i]);
  return diff == 0;
}

}  // namespace x402mod
