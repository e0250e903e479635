#pragma once
// HTTP/1.1 messages as plain values, and their serialisation. Header names are stored
// lower-cased (HTTP header names are case-insensitive, RFC 9110 §5.1).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lezpay::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

// First value of a header (name compared case-insensitively), or nullopt.
std::optional<std::string> findHeader(const Headers& headers, std::string_view name);

struct HttpRequest {
  std::string method;   // "GET", "POST", ...
  std::string target;   // as sent: path plus optional "?query"
  std::string path;     // target before '?', percent-decoding not applied
  std::string query;    // after '?', may be empty
  int versionMinor = 1; // HTTP/1.<minor>
  Headers headers;
  std::string body;
  std::string remoteAddress;  // the peer's IP address, set by the server (not part of the wire)

  std::optional<std::string> header(std::string_view name) const { return findHeader(headers, name); }
  // HTTP/1.1 keeps the connection unless "Connection: close"; HTTP/1.0 closes unless keep-alive.
  bool keepAlive() const;
};

struct HttpResponse {
  int status = 200;
  Headers headers;
  std::string body;

  std::optional<std::string> header(std::string_view name) const { return findHeader(headers, name); }
  void setHeader(std::string name, std::string value);
};

// Standard reason phrase ("OK", "Payment Required", ...; "Unknown" for others).
std::string_view reasonPhrase(int status);

// Status line, headers (Content-Length added from the body), blank line, body.
std::string serialize(const HttpResponse& response, bool keepAlive);

// Request line with `host` header and Content-Length, for clients.
std::string serializeRequest(const std::string& method, const std::string& target, const std::string& host,
                             const Headers& headers, const std::string& body);

// Splits a query string into decoded key/value pairs ('+' is a space, %XX decoded). Malformed
// percent escapes are an error (code BAD_QUERY).
struct QueryParam {
  std::string key;
  std::string value;
};
std::optional<std::vector<QueryParam>> parseQuery(std::string_view query);

}  // namespace lezpay::http
