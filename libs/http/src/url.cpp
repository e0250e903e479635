#include "lezpay/http/url.h"

namespace lezpay::http {
namespace {

// Letters, digits and "-._~": DNS names and IPv4 literals (RFC 3986 unreserved characters).
bool isHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

bool isIpv6Char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
}

}  // namespace

std::string Url::hostHeader() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return h + ":" + std::to_string(port);
}

util::Result<Url> parseUrl(const std::string& text) {
  auto bad = [&](const std::string& why) { return util::Error{"BAD_URL", "'" + text + "' is not a usable URL: " + why}; };
  Url u;
  std::string rest;
  if (text.rfind("http://", 0) == 0) {
    rest = text.substr(7);
  } else if (text.rfind("https://", 0) == 0) {
    u.tls = true;
    rest = text.substr(8);
  } else {
    return bad("it must start with http:// or https://");
  }
  if (rest.find('#') != std::string::npos) return bad("fragments are not allowed");
  // The host and target go into the request line and the Host header as they are: a space or a
  // control character there would split them.
  for (char c : rest) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return bad("spaces and control characters are not allowed");
  }
  std::size_t slash = rest.find_first_of("/?");
  std::string authority = rest.substr(0, slash);
  u.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (u.target[0] == '?') u.target = "/" + u.target;
  if (authority.find('@') != std::string::npos) return bad("user information is not allowed");
  std::string portText;
  if (!authority.empty() && authority[0] == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string::npos) return bad("unterminated IPv6 literal");
    u.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return bad("junk after IPv6 literal");
      portText = authority.substr(close + 2);
    }
  } else {
    std::size_t colon = authority.rfind(':');
    u.host = authority.substr(0, colon);
    if (colon != std::string::npos) portText = authority.substr(colon + 1);
  }
  if (u.host.empty()) return bad("no host");
  const bool bracketed = authority[0] == '[';
  for (char c : u.host) {
    if (!(bracketed ? isIpv6Char(c) : isHostChar(c))) {
      return bad(bracketed ? "an IPv6 literal holds only hex digits, ':' and '.'" : "the host holds only letters, digits and -._~");
    }
  }
  if (!portText.empty()) {
    unsigned long p = 0;
    for (char c : portText) {
      if (c < '0' || c > '9') return bad("port is not a number");
      p = p * 10 + static_cast<unsigned long>(c - '0');
      if (p > 65535) return bad("port out of range");
    }
    if (p == 0) return bad("port 0");
    u.port = static_cast<std::uint16_t>(p);
  } else {
    u.port = u.tls ? 443 : 80;
  }
  return u;
}

}  // namespace lezpay::http
