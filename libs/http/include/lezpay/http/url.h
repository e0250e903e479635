#pragma once
// http:// and https:// URLs as our clients use them (sequencer, facilitator, merchant).

#include <cstdint>
#include <string>

#include "lezpay/util/result.h"

namespace lezpay::http {

struct Url {
  bool tls = false;
  std::string host;      // without brackets for IPv6
  std::uint16_t port = 0;
  std::string target;    // path + query, at least "/"

  // "host:port" as sent in the Host header (brackets for IPv6 literals).
  std::string hostHeader() const;
};

// Error code BAD_URL with a sentence. Userinfo and fragments are refused.
util::Result<Url> parseUrl(const std::string& text);

}  // namespace lezpay::http
