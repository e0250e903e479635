#pragma once
// Blocking HTTP/1.1 client (one request per connection) for module threads and tools. It uses
// QTcpSocket/QSslSocket wait functions and never spins an event loop, so calling it inside a
// module operation cannot re-enter the module. Errors: code HTTP_UNREACHABLE (connect failed),
// HTTP_TIMEOUT, HTTP_PROTOCOL (malformed response), BAD_URL.

#include <string>

#include "lezpay/http/http_message.h"
#include "lezpay/util/result.h"

namespace lezpay::net {

struct HttpClientOptions {
  int timeoutMs = 10000;              // whole exchange
  std::size_t maxResponseBytes = 64 * 1024 * 1024;
};

util::Result<http::HttpResponse> httpRequest(const std::string& method, const std::string& url, const http::Headers& headers,
                                             const std::string& body, const HttpClientOptions& options = {});

inline util::Result<http::HttpResponse> httpPostJson(const std::string& url, const std::string& json,
                                                     const HttpClientOptions& options = {}) {
  return httpRequest("POST", url, {{"content-type", "application/json"}}, json, options);
}

}  // namespace lezpay::net
