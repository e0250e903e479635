// Fuzz target: lezpay::http::ResponseParser (libs/http/response_parser.h), which reads what a
// sequencer, facilitator or merchant answers (Content-Length, chunked, or until close). The
// first input byte chooses a chunk size and whether the request was HEAD; the rest is the byte
// stream, after which the connection closes.
// Properties: no crash; chunked feeding ends in the same state, status, headers and body as
// feeding at once; the body never exceeds the limit; a complete response re-serialised by
// lezpay::http::serialize parses back to the same status, body and headers; the streaming parser
// (response_stream_parser.h, the gateway's) fed in the same pieces reads a complete final answer
// to the same status, headers and body, and never holds more than its head limit plus a line.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "lezpay/http/response_parser.h"
#include "lezpay/http/response_stream_parser.h"

namespace {

using lezpay::http::HttpResponse;
using lezpay::http::ResponseParser;

constexpr std::size_t kMaxBody = 4096;
constexpr std::size_t kMaxHeader = 2048;

struct Outcome {
  ResponseParser::State state = ResponseParser::State::NeedMore;
  HttpResponse response;
};

Outcome run(std::string_view stream, std::size_t chunk, bool head) {
  ResponseParser p(kMaxBody, kMaxHeader);
  if (head) p.expectNoBody();
  for (std::size_t i = 0; i < stream.size() && p.state() == ResponseParser::State::NeedMore; i += chunk) {
    p.feed(stream.substr(i, chunk));
  }
  p.finishAtEof();
  FUZZ_CHECK(p.state() != ResponseParser::State::NeedMore);
  if (p.state() == ResponseParser::State::Error) FUZZ_CHECK(!p.errorMessage().empty());
  if (p.state() == ResponseParser::State::Complete) FUZZ_CHECK(p.response().body.size() <= kMaxBody);
  return Outcome{p.state(), p.response()};
}

lezpay::http::Headers withoutFraming(const lezpay::http::Headers& headers) {
  lezpay::http::Headers out;
  for (const auto& h : headers) {
    if (h.first != "content-length" && h.first != "transfer-encoding" && h.first != "connection") out.push_back(h);
  }
  return out;
}

Outcome runStreaming(std::string_view stream, std::size_t chunk, bool head) {
  lezpay::http::ResponseStreamParser p(kMaxHeader);
  if (head) p.expectNoBody();
  std::string body;
  using S = lezpay::http::ResponseStreamParser::State;
  for (std::size_t i = 0; i < stream.size() && (p.state() == S::Head || p.state() == S::Body); i += chunk) {
    p.feed(stream.substr(i, chunk), body);
  }
  p.finishAtEof();
  FUZZ_CHECK(p.state() == S::Complete || p.state() == S::Error);
  if (p.state() == S::Error) return Outcome{ResponseParser::State::Error, {}};
  HttpResponse r = p.head();
  r.body = std::move(body);
  return Outcome{ResponseParser::State::Complete, r};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + (data[0] & 0x3F);
  const bool head = (data[0] & 0x40) != 0;
  const std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);
  const Outcome whole = run(stream, stream.size() + 1, head);
  const Outcome pieces = run(stream, chunk, head);
  FUZZ_CHECK(whole.state == pieces.state);
  if (whole.state != ResponseParser::State::Complete) return 0;
  FUZZ_CHECK(whole.response.status == pieces.response.status);
  FUZZ_CHECK(whole.response.headers == pieces.response.headers);
  FUZZ_CHECK(whole.response.body == pieces.response.body);

  // Interim (1xx) answers are skipped by the streaming parser, and its chunk lines are bounded.
  if (whole.response.status >= 200 && stream.size() < 4000) {
    const Outcome streamed = runStreaming(stream, chunk, head);
    FUZZ_CHECK(streamed.state == ResponseParser::State::Complete);
    FUZZ_CHECK(streamed.response.status == whole.response.status);
    FUZZ_CHECK(streamed.response.headers == whole.response.headers);
    FUZZ_CHECK(streamed.response.body == whole.response.body);
  }

  // serialize() frames with Content-Length; statuses that carry no body are re-read as such.
  HttpResponse plain = whole.response;
  plain.headers = withoutFraming(plain.headers);
  const std::string text = lezpay::http::serialize(plain, true);
  ResponseParser again(kMaxBody, 4 * kMaxHeader + 64);
  if (head) again.expectNoBody();
  FUZZ_CHECK(again.feed(text) == ResponseParser::State::Complete);
  FUZZ_CHECK(again.response().status == plain.status);
  FUZZ_CHECK(withoutFraming(again.response().headers) == plain.headers);
  FUZZ_CHECK(again.response().body == plain.body);
  return 0;
}
