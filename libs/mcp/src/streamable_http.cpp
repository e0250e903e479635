#include "lezpay/mcp/streamable_http.h"

#include <algorithm>
#include <cctype>

#include "lezpay/mcp/message_codec.h"

namespace lezpay::mcp {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Printable ASCII only, bounded, for sentences that echo a header.
std::string shown(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 80)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  if (s.size() > 80) out += "...";
  return out;
}

// The media type of a header value without parameters ("application/json; charset=utf-8").
std::string mediaType(std::string_view v) {
  const auto semi = v.find(';');
  std::string_view t = v.substr(0, semi);
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  return lower(t);
}

bool acceptLists(std::string_view accept, std::string_view type) {
  std::size_t start = 0;
  while (start <= accept.size()) {
    const auto comma = accept.find(',', start);
    const std::string m = mediaType(accept.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (m == type || m == "*/*") return true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

}  // namespace

std::optional<HttpRefusal> checkOrigin(const std::optional<std::string>& origin, const std::vector<std::string>& allowed) {
  if (!origin) return std::nullopt;
  const std::string o = lower(*origin);
  for (const auto& a : allowed) {
    if (lower(a) == o) return std::nullopt;
  }
  return HttpRefusal{403, McpError::OriginRefused, "origin '" + shown(*origin) + "' is not allowed on this MCP endpoint"};
}

std::optional<HttpRefusal> checkPostHeaders(const std::optional<std::string>& accept, const std::optional<std::string>& contentType) {
  if (!accept || !acceptLists(*accept, "application/json") || !acceptLists(*accept, "text/event-stream")) {
    return HttpRefusal{406, McpError::NotAcceptable, "the Accept header must list application/json and text/event-stream"};
  }
  if (!contentType || mediaType(*contentType) != "application/json") {
    return HttpRefusal{415, McpError::UnsupportedMediaType, "the body must be application/json"};
  }
  return std::nullopt;
}

std::optional<HttpRefusal> checkProtocolVersionHeader(const std::optional<std::string>& version) {
  if (!version || isSupportedVersion(*version)) return std::nullopt;
  std::string speak;
  for (auto v : kSupportedVersions) speak += (speak.empty() ? "" : ", ") + std::string(v);
  return HttpRefusal{400, McpError::UnsupportedVersion,
                     "MCP-Protocol-Version '" + shown(*version) + "' is not supported (supported: " + speak + ")"};
}

std::optional<HttpRefusal> checkSessionHeader(const std::optional<std::string>& sessionId, bool known) {
  if (!sessionId) return HttpRefusal{400, McpError::SessionRequired, "the Mcp-Session-Id header is required after initialize"};
  if (!known) {
    return HttpRefusal{404, McpError::UnknownSession, "no session with that Mcp-Session-Id: it ended or never existed; initialize again"};
  }
  return std::nullopt;
}

std::string refusalBody(const HttpRefusal& refusal) { return encodeError(nullptr, makeRpcError(refusal.code, refusal.message)); }

std::string newSessionId(std::span<const std::uint8_t> randomBytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(randomBytes.size() * 2);
  for (std::uint8_t b : randomBytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0x0f]);
  }
  return out;
}

bool isValidSessionId(std::string_view id) {
  if (id.empty() || id.size() > 256) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
}

std::string sseEvent(std::string_view message) {
  std::string out = "event: message\ndata: ";
  out += message;
  out += "\n\n";
  return out;
}

}  // namespace lezpay::mcp
