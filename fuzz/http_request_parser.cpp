// Fuzz target: lezpay::http::RequestParser (libs/http/request_parser.h), the parser every
// loopback HTTP server of the project (facilitator, merchant, lez-localnet JSON-RPC) runs on
// bytes from its peers. The first input byte chooses a chunk size; the rest is the byte stream.
// Properties: no crash; feeding the stream in chunks gives the same requests and the same end
// state (and error status) as feeding it at once; an error is one of 400/413/431/501/505 with a
// sentence; every request re-serialised in canonical form parses back to the same request.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "lezpay/http/request_parser.h"

namespace {

using lezpay::http::HttpRequest;
using lezpay::http::RequestParser;

constexpr std::size_t kMaxRequests = 32;

struct Outcome {
  std::vector<HttpRequest> requests;
  RequestParser::State state = RequestParser::State::NeedMore;
  int errorStatus = 0;
};

bool sameRequest(const HttpRequest& a, const HttpRequest& b) {
  return a.method == b.method && a.target == b.target && a.path == b.path && a.query == b.query &&
         a.versionMinor == b.versionMinor && a.headers == b.headers && a.body == b.body;
}

void drain(RequestParser& p, Outcome& out) {
  while (p.state() == RequestParser::State::Complete && out.requests.size() < kMaxRequests) {
    out.requests.push_back(p.take());
  }
}

Outcome run(std::string_view stream, std::size_t chunk) {
  RequestParser p;
  Outcome out;
  for (std::size_t i = 0; i < stream.size() && out.requests.size() < kMaxRequests; i += chunk) {
    p.feed(stream.substr(i, chunk));
    drain(p, out);
  }
  drain(p, out);
  out.state = p.state();
  out.errorStatus = p.state() == RequestParser::State::Error ? p.errorStatus() : 0;
  if (p.state() == RequestParser::State::Error) {
    const int s = p.errorStatus();
    FUZZ_CHECK(s == 400 || s == 413 || s == 431 || s == 501 || s == 505);
    FUZZ_CHECK(!p.errorMessage().empty());
  }
  return out;
}

void checkRequest(const HttpRequest& r) {
  FUZZ_CHECK(!r.method.empty() && !r.target.empty() && r.target[0] == '/');
  FUZZ_CHECK(r.versionMinor == 0 || r.versionMinor == 1);
  const bool hasQuery = r.target.find('?') != std::string::npos;
  FUZZ_CHECK(r.target == r.path + (hasQuery ? "?" + r.query : std::string()));
  (void)r.keepAlive();
  (void)lezpay::http::parseQuery(r.query);

  std::string text = r.method + " " + r.target + " HTTP/1." + std::to_string(r.versionMinor) + "\r\n";
  for (const auto& [k, v] : r.headers) text += k + ": " + v + "\r\n";
  text += "\r\n" + r.body;
  // "name: value" may be longer than the "name:value" that was sent.
  lezpay::http::ParseLimits wide;
  wide.maxHeaderBytes = 4 * wide.maxHeaderBytes;
  RequestParser again(wide);
  FUZZ_CHECK(again.feed(text) == RequestParser::State::Complete);
  FUZZ_CHECK(sameRequest(again.take(), r));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  const std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);
  const Outcome whole = run(stream, stream.size() + 1);
  const Outcome pieces = run(stream, chunk);
  FUZZ_CHECK(whole.requests.size() == pieces.requests.size());
  for (std::size_t i = 0; i < whole.requests.size(); ++i) FUZZ_CHECK(sameRequest(whole.requests[i], pieces.requests[i]));
  if (whole.requests.size() < kMaxRequests) {
    FUZZ_CHECK(whole.state == pieces.state);
    FUZZ_CHECK(whole.errorStatus == pieces.errorStatus);
  }
  for (const auto& r : whole.requests) checkRequest(r);
  return 0;
}
