#include "facilitator_token.h"

namespace x402mod {
namespace {

constexpr std::size_t kTokenHexChars = 64;

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

bool isTokenText(const std::string& s) {
  if (s.size() != kTokenHexChars) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

lezpay::util::Result<std::string> facilitatorTokenFromText(const std::string& path, const std::string& text) {
  std::string token = trimmed(text);
  if (!isTokenText(token)) {
    return lezpay::util::Error{"INVALID_CONFIG", path + ": not a facilitator token (64 lowercase hex digits expected)"};
  }
  return token;
}

}  // namespace x402mod
