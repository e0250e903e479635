#include "gateway_headers.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace x402mod {

using lezpay::http::Headers;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The field names listed in every Connection header (comma-separated tokens).
std::set<std::string> connectionNamed(const Headers& headers) {
  std::set<std::string> out;
  for (const auto& [k, v] : headers) {
    if (k != "connection") continue;
    std::size_t start = 0;
    while (start <= v.size()) {
      std::size_t comma = v.find(',', start);
      std::string_view token(v.data() + start, (comma == std::string::npos ? v.size() : comma) - start);
      while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) token.remove_prefix(1);
      while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
      if (!token.empty()) out.insert(lower(token));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

Headers endToEnd(const Headers& in, std::initializer_list<std::string_view> alsoDrop) {
  const auto named = connectionNamed(in);
  Headers out;
  for (const auto& [k, v] : in) {
    if (isHopByHopHeader(k) || named.count(k) || k == "content-length") continue;
    if (std::find(alsoDrop.begin(), alsoDrop.end(), k) != alsoDrop.end()) continue;
    out.emplace_back(k, v);
  }
  return out;
}

}  // namespace

bool isHopByHopHeader(std::string_view n) {
  return n == "connection" || n == "keep-alive" || n == "te" || n == "trailer" || n == "transfer-encoding" || n == "upgrade" ||
         n.rfind("proxy-", 0) == 0;
}

Headers originRequestHeaders(const lezpay::http::HttpRequest& req, const std::string& proto) {
  Headers out = endToEnd(req.headers, {"host", "payment-signature", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"});
  std::string forwardedFor;
  for (const auto& [k, v] : req.headers) {
    if (k == "x-forwarded-for") forwardedFor += (forwardedFor.empty() ? "" : ", ") + v;
  }
  if (!req.remoteAddress.empty()) forwardedFor += (forwardedFor.empty() ? "" : ", ") + req.remoteAddress;
  if (!forwardedFor.empty()) out.emplace_back("x-forwarded-for", forwardedFor);
  out.emplace_back("x-forwarded-proto", proto);
  if (auto host = req.header("host")) out.emplace_back("x-forwarded-host", *host);
  return out;
}

Headers payerResponseHeaders(const Headers& origin) {
  return endToEnd(origin, {"payment-required", "payment-response", "x-payment-error"});
}

}  // namespace x402mod
