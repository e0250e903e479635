#include "lezpay/util/base64.h"

#include <array>

namespace lezpay::util {
namespace {

constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string encode(std::span<const std::uint8_t> bytes, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) |
                            bytes[i + 2];
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const std::uint32_t v = std::uint32_t{bytes[i]} << 16;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    if (pad) out += "==";
  } else if (rest == 2) {
    const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    if (pad) out += '=';
  }
  return out;
}

int value(char c, bool url) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (!url && c == '+') return 62;
  if (!url && c == '/') return 63;
  if (url && c == '-') return 62;
  if (url && c == '_') return 63;
  return -1;
}

Error bad(std::string message) { return makeError(std::string(kInvalidBase64), std::move(message)); }

std::string describe(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u < 0x7f) return std::string("'") + c + "'";
  static constexpr char kHexDigits[] = "0123456789abcdef";
  return std::string("byte 0x") + kHexDigits[u >> 4] + kHexDigits[u & 15];
}

// Decodes `text` (no padding characters left in it) of `alphabet`; `text.size() % 4 != 1`.
Result<std::vector<std::uint8_t>> decodeDigits(std::string_view text, bool url) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (value(text[i], url) < 0) {
      std::string why = "invalid base64 character " + describe(text[i]) + " at position " +
                        std::to_string(i);
      if (!url && (text[i] == '-' || text[i] == '_')) why += " (URL-safe alphabet not accepted)";
      if (url && (text[i] == '+' || text[i] == '/')) why += " (standard alphabet not accepted)";
      if (url && text[i] == '=') why += " (padding not accepted)";
      return bad(std::move(why));
    }
  }
  if (text.size() % 4 == 1) {
    return bad("invalid base64 length " + std::to_string(text.size()));
  }
  std::vector<std::uint8_t> out;
  out.reserve(text.size() / 4 * 3 + 2);
  std::size_t i = 0;
  for (; i + 4 <= text.size(); i += 4) {
    const std::uint32_t v = (static_cast<std::uint32_t>(value(text[i], url)) << 18) |
                            (static_cast<std::uint32_t>(value(text[i + 1], url)) << 12) |
                            (static_cast<std::uint32_t>(value(text[i + 2], url)) << 6) |
                            static_cast<std::uint32_t>(value(text[i + 3], url));
    out.push_back(static_cast<std::uint8_t>(v >> 16));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
  }
  const std::size_t rest = text.size() - i;
  if (rest == 2) {
    const int a = value(text[i], url);
    const int b = value(text[i + 1], url);
    if ((b & 0x0f) != 0) return bad("non-zero trailing bits at position " + std::to_string(i + 1));
    out.push_back(static_cast<std::uint8_t>((a << 2) | (b >> 4)));
  } else if (rest == 3) {
    const int a = value(text[i], url);
    const int b = value(text[i + 1], url);
    const int c = value(text[i + 2], url);
    if ((c & 0x03) != 0) return bad("non-zero trailing bits at position " + std::to_string(i + 2));
    out.push_back(static_cast<std::uint8_t>((a << 2) | (b >> 4)));
    out.push_back(static_cast<std::uint8_t>(((b & 0x0f) << 4) | (c >> 2)));
  }
  return out;
}

}  // namespace

std::string toBase64(std::span<const std::uint8_t> bytes) { return encode(bytes, kStd, true); }

std::string toBase64Url(std::span<const std::uint8_t> bytes) { return encode(bytes, kUrl, false); }

Result<std::vector<std::uint8_t>> fromBase64(std::string_view text) {
  if (text.size() % 4 != 0) {
    return bad("base64 length " + std::to_string(text.size()) + " is not a multiple of 4");
  }
  std::size_t pad = 0;
  if (!text.empty() && text.back() == '=') {
    pad = 1;
    if (text.size() >= 2 && text[text.size() - 2] == '=') pad = 2;
  }
  const std::string_view digits = text.substr(0, text.size() - pad);
  const auto stray = digits.find('=');
  if (stray != std::string_view::npos) {
    return bad("padding '=' at position " + std::to_string(stray) + " before the end");
  }
  return decodeDigits(digits, false);
}

Result<std::vector<std::uint8_t>> fromBase64Url(std::string_view text) {
  return decodeDigits(text, true);
}

}  // namespace lezpay::util
