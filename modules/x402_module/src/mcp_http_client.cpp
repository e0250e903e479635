#include "mcp_http_client.h"

#include <algorithm>
#include <cctype>

#include "lezpay/mcp/mcp_common.h"
#include "lezpay/mcp/message_codec.h"

namespace x402mod {

using lezpay::util::Error;
using lezpay::util::Result;
using x402::Json;
namespace mcp = lezpay::mcp;

namespace {

constexpr const char* kProtocolError = "MCP_PROTOCOL";
constexpr const char* kHttpError = "HTTP_ERROR";
constexpr const char* kClientName = "lez-pay-agent";
constexpr const char* kClientVersion = "0.1.0";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The decoded response `id` in one message text, or nullopt when the text is another message.
std::optional<Result<McpHttpClient::Response>> responseIn(std::string_view text, std::int64_t id, bool anyId) {
  auto decoded = mcp::decode(text);
  if (auto* f = std::get_if<mcp::DecodeFailure>(&decoded)) {
    return Result<McpHttpClient::Response>(Error{kProtocolError, "the MCP server answered a malformed message: " + f->message});
  }
  const auto& m = std::get<mcp::Message>(decoded);
  if (m.kind != mcp::MessageKind::Result && m.kind != mcp::MessageKind::Error) return std::nullopt;
  // A refusal of a message the server could not read carries no id.
  const bool ours = (m.id.is_number_integer() && m.id.get<std::int64_t>() == id) || (anyId && m.id.is_null());
  if (!ours) return std::nullopt;
  McpHttpClient::Response r;
  if (m.kind == mcp::MessageKind::Result) {
    r.result = m.result;
  } else {
    Json e{{"code", m.error.code}, {"message", m.error.message}};
    if (!m.error.data.is_null()) e["data"] = m.error.data;
    r.error = e;
  }
  return Result<McpHttpClient::Response>(std::move(r));
}

}  // namespace

Result<McpHttpClient::Response> mcpResponseOf(const lezpay::http::HttpResponse& answer, std::int64_t id) {
  const std::string type = lower(answer.header("content-type").value_or(""));
  const bool refused = answer.status < 200 || answer.status >= 300;
  if (type.rfind("text/event-stream", 0) == 0) {
    // One message per event; `data:` lines of an event are joined with "\n" (SSE).
    std::string data;
    std::size_t pos = 0;
    const std::string& b = answer.body;
    auto flush = [&]() -> std::optional<Result<McpHttpClient::Response>> {
      if (data.empty()) return std::nullopt;
      auto r = responseIn(data, id, false);
      data.clear();
      return r;
    };
    while (pos <= b.size()) {
      std::size_t eol = b.find('\n', pos);
      std::string line = b.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) {
        if (auto r = flush()) return *r;
      } else if (line.rfind("data:", 0) == 0) {
        std::string v = line.substr(5);
        if (!v.empty() && v[0] == ' ') v.erase(0, 1);
        if (!data.empty()) data += "\n";
        data += v;
      }
      if (eol == std::string::npos) break;
      pos = eol + 1;
    }
    if (auto r = flush()) return *r;
    return Error{kProtocolError, "the MCP server's event stream ended without the response"};
  }
  if (!answer.body.empty() && type.rfind("application/json", 0) == 0) {
    if (auto r = responseIn(answer.body, id, refused)) return *r;
  }
  if (refused) {
    return Error{kProtocolError, "the MCP server refused the request with HTTP " + std::to_string(answer.status) +
                                     (answer.status == 404 ? " (session unknown or no MCP endpoint at this URL)" : "")};
  }
  return Error{kProtocolError, "the MCP server's answer (HTTP " + std::to_string(answer.status) + ", " +
                                   (type.empty() ? std::string("no content type") : type.substr(0, 60)) + ") holds no response"};
}

McpHttpClient::McpHttpClient(std::string url, lezpay::net::HttpClientOptions options) : url_(std::move(url)), options_(options) {}

McpHttpClient::~McpHttpClient() = default;

lezpay::http::Headers McpHttpClient::headers() const {
  lezpay::http::Headers h{{"content-type", "application/json"}, {"accept", "application/json, text/event-stream"}};
  if (!session_.empty()) h.emplace_back("mcp-session-id", session_);
  if (!version_.empty()) h.emplace_back("mcp-protocol-version", version_);
  return h;
}

void McpHttpClient::post(const std::string& body, std::function<void(Result<lezpay::http::HttpResponse>)> done) {
  inflight_ = lezpay::net::AsyncHttpRequest::start("POST", url_, headers(), body, options_,
                                                   [this, done = std::move(done)](Result<lezpay::http::HttpResponse> r) {
                                                     // The request object lives until this callback returns.
                                                     auto held = std::move(inflight_);
                                                     if (!r.ok()) return done(Error{kHttpError, r.error().code + ": " + r.error().message});
                                                     done(std::move(r));
                                                   });
}

void McpHttpClient::connect(std::function<void(Result<Json>)> done) {
  const std::int64_t id = nextId_++;
  const Json params{{"protocolVersion", std::string(mcp::kPreferredVersion)},
                    {"capabilities", Json::object()},
                    {"clientInfo", {{"name", kClientName}, {"version", kClientVersion}}}};
  post(mcp::encodeRequest(id, mcp::kMethodInitialize, params), [this, id, done = std::move(done)](Result<lezpay::http::HttpResponse> r) {
    if (!r.ok()) return done(r.error());
    auto resp = mcpResponseOf(r.value(), id);
    if (!resp.ok()) return done(resp.error());
    if (resp->error) {
      return done(Error{kProtocolError, "the MCP server refused initialize: " + resp->error->value("message", std::string())});
    }
    const Json& result = *resp->result;
    const std::string version = result.value("protocolVersion", std::string());
    if (!mcp::isSupportedVersion(version)) {
      return done(Error{kProtocolError, "the MCP server speaks protocol version '" + version.substr(0, 40) + "', not one of ours"});
    }
    version_ = version;
    session_ = r.value().header("mcp-session-id").value_or("");
    post(mcp::encodeNotification(mcp::kMethodInitialized), [done, result](Result<lezpay::http::HttpResponse> n) {
      if (!n.ok()) return done(n.error());
      if (n.value().status < 200 || n.value().status >= 300) {
        return done(Error{kProtocolError, "the MCP server refused notifications/initialized with HTTP " + std::to_string(n.value().status)});
      }
      done(result);
    });
  });
}

void McpHttpClient::request(const std::string& method, const Json& params, Done done) {
  const std::int64_t id = nextId_++;
  post(mcp::encodeRequest(id, method, params), [id, done = std::move(done)](Result<lezpay::http::HttpResponse> r) {
    if (!r.ok()) return done(r.error());
    done(mcpResponseOf(r.value(), id));
  });
}

}  // namespace x402mod
