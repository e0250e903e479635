// Fuzz target: lezpay::http::parseUrl (libs/http/url.h), which reads the sequencer, facilitator
// and merchant URLs (configuration, operation parameters, 402 answers), and
// lezpay::http::parseQuery (http_message.h), which reads query strings from peers.
// Properties: no crash; a parsed URL has a host, a port above 0 and a target starting with '/';
// its parts carry no byte that would split a request line or a header (space, CR, LF, other
// controls) and written back as scheme://hostHeader()target it parses to the same Url; a parsed
// query percent-encoded back parses to the same pairs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "lezpay/http/http_message.h"
#include "lezpay/http/url.h"

namespace {

bool printable(const std::string& s) {
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

std::string percentEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', hex[c >> 4], hex[c & 15]};
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);

  if (auto u = lezpay::http::parseUrl(text); u.ok()) {
    FUZZ_CHECK(!u->host.empty() && u->port > 0 && !u->target.empty() && u->target[0] == '/');
    FUZZ_CHECK(printable(u->host) && printable(u->target));
    const std::string again = (u->tls ? "https://" : "http://") + u->hostHeader() + u->target;
    auto v = lezpay::http::parseUrl(again);
    FUZZ_CHECK(v.ok());
    FUZZ_CHECK(v->tls == u->tls && v->host == u->host && v->port == u->port && v->target == u->target);
  } else {
    FUZZ_CHECK(u.error().code == "BAD_URL" && !u.error().message.empty());
  }

  if (auto q = lezpay::http::parseQuery(text)) {
    std::string encoded;
    for (const auto& p : *q) {
      if (!encoded.empty()) encoded += '&';
      encoded += percentEncode(p.key) + "=" + percentEncode(p.value);
    }
    auto back = lezpay::http::parseQuery(encoded);
    FUZZ_CHECK(back.has_value() && back->size() == q->size());
    for (std::size_t i = 0; i < q->size(); ++i) {
      FUZZ_CHECK((*back)[i].key == (*q)[i].key && (*back)[i].value == (*q)[i].value);
    }
  }
  return 0;
}
