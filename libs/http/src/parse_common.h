#pragma once
// Shared pieces of the request and response parsers: header-line parsing and tokens.
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include "lezpay/http/http_message.h"

namespace lezpay::http::detail {

inline bool isTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

inline std::string_view trimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Parses "name: value" lines of `block` (CRLF separated, no final blank line). Returns an error
// sentence or nullopt on success.
inline std::optional<std::string> parseHeaderLines(std::string_view block, std::size_t maxHeaders, Headers& out) {
  while (!block.empty()) {
    std::size_t eol = block.find("\r\n");
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 2);
    if (line.empty()) continue;
    if (line.front() == ' ' || line.front() == '\t') return "obsolete folded header line";
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return "header line without a name and a colon";
    std::string name(line.substr(0, colon));
    for (char& c : name) {
      if (!isTokenChar(c)) return "invalid character in header name";
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::string_view value = trimOws(line.substr(colon + 1));
    for (char c : value) {
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) return "control character in header value";
    }
    out.emplace_back(std::move(name), std::string(value));
    if (out.size() > maxHeaders) return "too many header fields";
  }
  return std::nullopt;
}

// Content-Length: digits only; several fields must agree. nullopt value = absent.
inline bool contentLength(const Headers& headers, std::optional<std::size_t>& out, std::size_t cap) {
  out.reset();
  for (const auto& [k, v] : headers) {
    if (k != "content-length") continue;
    if (v.empty() || v.size() > 18) return false;
    std::size_t n = 0;
    for (char c : v) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (out && *out != n) return false;
    out = n;
  }
  (void)cap;
  return true;
}

}  // namespace lezpay::http::detail
