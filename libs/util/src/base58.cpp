#include "lezpay/util/base58.h"

#include <algorithm>

namespace lezpay::util {
namespace {

constexpr char kAlphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

int digitValue(char c) {
  for (int i = 0; i < 58; ++i) {
    if (kAlphabet[i] == c) return i;
  }
  return -1;
}

}  // namespace

std::string base58Encode(std::span<const std::uint8_t> bytes) {
  std::size_t zeros = 0;
  while (zeros < bytes.size() && bytes[zeros] == 0) ++zeros;
  // Base-58 digits, least significant first. log(256)/log(58) < 1.37.
  std::vector<std::uint8_t> digits;
  digits.reserve((bytes.size() - zeros) * 137 / 100 + 1);
  for (std::size_t i = zeros; i < bytes.size(); ++i) {
    std::uint32_t carry = bytes[i];
    for (auto& d : digits) {
      carry += std::uint32_t{d} << 8;
      d = static_cast<std::uint8_t>(carry % 58);
      carry /= 58;
    }
    while (carry != 0) {
      digits.push_back(static_cast<std::uint8_t>(carry % 58));
      carry /= 58;
    }
  }
  std::string out(zeros, '1');
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out += kAlphabet[*it];
  return out;
}

Result<std::vector<std::uint8_t>> base58Decode(std::string_view text) {
  if (text.size() > kMaxBase58TextLength) {
    return makeError(DecodeError::OVERSIZE, "base58 text longer than " +
                                                std::to_string(kMaxBase58TextLength) +
                                                " characters");
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (digitValue(text[i]) < 0) {
      return makeError(DecodeError::INVALID_BASE58,
                       "invalid base58 character at position " + std::to_string(i));
    }
  }
  std::size_t ones = 0;
  while (ones < text.size() && text[ones] == '1') ++ones;
  // Bytes, least significant first. log(58)/log(256) < 0.74.
  std::vector<std::uint8_t> bytes;
  bytes.reserve((text.size() - ones) * 74 / 100 + 1);
  for (std::size_t i = ones; i < text.size(); ++i) {
    std::uint32_t carry = static_cast<std::uint32_t>(digitValue(text[i]));
    for (auto& b : bytes) {
      carry += std::uint32_t{b} * 58;
      b = static_cast<std::uint8_t>(carry & 0xff);
      carry >>= 8;
    }
    while (carry != 0) {
      bytes.push_back(static_cast<std::uint8_t>(carry & 0xff));
      carry >>= 8;
    }
  }
  std::vector<std::uint8_t> out(ones, 0);
  out.insert(out.end(), bytes.rbegin(), bytes.rend());
  return out;
}

}  // namespace lezpay::util
