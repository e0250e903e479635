#include "delivery/multiaddr.h"

#include <charconv>
#include <vector>

#include "delivery/peer_id.h"

namespace delivery {
namespace {

using lezpay::util::Error;

Error bad(std::string_view text, const std::string& why) {
  return Error{kInvalidMultiaddr, "multiaddr '" + std::string(text) + "': " + why};
}

bool isIpv4(std::string_view s) {
  int parts = 0;
  std::size_t i = 0;
  while (i <= s.size()) {
    std::size_t j = s.find('.', i);
    if (j == std::string_view::npos) j = s.size();
    std::string_view p = s.substr(i, j - i);
    if (p.empty() || p.size() > 3 || (p.size() > 1 && p[0] == '0')) return false;
    unsigned v = 0;
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), v);
    if (ec != std::errc() || ptr != p.data() + p.size() || v > 255) return false;
    ++parts;
    i = j + 1;
  }
  return parts == 4;
}

bool isIpv6(std::string_view s) {
  if (s.size() < 2 || s.size() > 45 || s.find(':') == std::string_view::npos) return false;
  for (char c : s) {
    if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')) return false;
  }
  return true;
}

bool isDnsName(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return false;
  }
  return s.front() != '.' && s.front() != '-';
}

}  // namespace

lezpay::util::Result<PeerAddress> parseMultiaddr(std::string_view text) {
  if (text.empty() || text.front() != '/') return bad(text, "must start with '/'");
  if (text.size() > 512) return bad(text.substr(0, 64), "longer than 512 characters");
  std::vector<std::string_view> parts;
  std::size_t i = 1;
  while (i <= text.size()) {
    std::size_t j = text.find('/', i);
    if (j == std::string_view::npos) j = text.size();
    parts.push_back(text.substr(i, j - i));
    i = j + 1;
  }
  if (parts.size() != 4 && parts.size() != 6) {
    return bad(text, "expected /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>[/p2p/<peer id>]");
  }
  PeerAddress out;
  const std::string_view proto = parts[0];
  const std::string_view host = parts[1];
  if (proto == "ip4") {
    if (!isIpv4(host)) return bad(text, "'" + std::string(host) + "' is not an IPv4 address");
  } else if (proto == "ip6") {
    if (!isIpv6(host)) return bad(text, "'" + std::string(host) + "' is not an IPv6 address");
  } else if (proto == "dns" || proto == "dns4" || proto == "dns6") {
    if (!isDnsName(host)) return bad(text, "'" + std::string(host) + "' is not a DNS name");
  } else {
    return bad(text, "unsupported protocol '" + std::string(proto) + "' (ip4, ip6, dns, dns4, dns6)");
  }
  out.host = std::string(host);
  if (parts[2] != "tcp") return bad(text, "only tcp transports are supported, got '" + std::string(parts[2]) + "'");
  unsigned port = 0;
  const std::string_view p = parts[3];
  auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
  if (p.empty() || ec != std::errc() || ptr != p.data() + p.size() || port == 0 || port > 65535 || (p.size() > 1 && p[0] == '0')) {
    return bad(text, "port '" + std::string(p) + "' is not a number in 1..65535");
  }
  out.port = static_cast<std::uint16_t>(port);
  if (parts.size() == 6) {
    if (parts[4] != "p2p" && parts[4] != "ipfs") return bad(text, "expected /p2p/<peer id> after the port");
    auto id = decodePeerId(parts[5]);
    if (!id.ok()) return bad(text, id.error().message);
    out.peer_id = std::string(parts[5]);
  }
  return out;
}

std::string formatMultiaddr(const PeerAddress& a) {
  std::string proto = a.host.find(':') != std::string::npos ? "ip6" : (isIpv4(a.host) ? "ip4" : "dns4");
  std::string out = "/" + proto + "/" + a.host + "/tcp/" + std::to_string(a.port);
  if (a.peer_id) out += "/p2p/" + *a.peer_id;
  return out;
}

}  // namespace delivery
