#include "lez/stream_eligibility/canonical_request_reader.h"

#include <algorithm>

#include "lez/core/borsh.h"

namespace lez::stream_eligibility {
namespace {

constexpr std::string_view kDomain = "/LEZ/v0.1/StoreEligibility/";
constexpr std::size_t kPrefixBytes = 32;

class Walker {
 public:
  explicit Walker(std::span<const std::uint8_t> b) : b_(b) {}

  std::size_t offset() const { return pos_; }
  bool atEnd() const { return pos_ == b_.size(); }

  bool take(std::size_t n, std::span<const std::uint8_t>& out) {
    if (b_.size() - pos_ < n) return false;
    out = b_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  bool u8(std::uint8_t& v) {
    std::span<const std::uint8_t> s;
    if (!take(1, s)) return false;
    v = s[0];
    return true;
  }
  bool u32(std::uint32_t& v) {
    std::span<const std::uint8_t> s;
    if (!take(4, s)) return false;
    v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | s[static_cast<std::size_t>(i)];
    return true;
  }

 private:
  std::span<const std::uint8_t> b_;
  std::size_t pos_ = 0;
};

lezpay::util::Error bad(const std::string& what, std::size_t offset) {
  return lezpay::util::Error{std::string(kInvalidCanonicalRequest),
                             "canonical request: " + what + " at byte " + std::to_string(offset)};
}

}  // namespace

lezpay::util::Result<CanonicalRequestInfo> readCanonicalRequest(std::span<const std::uint8_t> n8) {
  if (n8.size() > kMaxCanonicalRequestBytes) return bad("longer than " + std::to_string(kMaxCanonicalRequestBytes) + " bytes", 0);
  Walker w(n8);
  std::span<const std::uint8_t> prefix;
  if (!w.take(kPrefixBytes, prefix)) return bad("shorter than the 32-byte domain prefix", 0);
  for (std::size_t i = 0; i < kPrefixBytes; ++i) {
    const std::uint8_t want = i < kDomain.size() ? static_cast<std::uint8_t>(kDomain[i]) : 0;
    if (prefix[i] != want) return bad("domain prefix is not /LEZ/v0.1/StoreEligibility/", i);
  }
  auto str = [&](const char* field, std::string* out) -> lezpay::util::Status {
    const std::size_t at = w.offset();
    std::uint32_t len = 0;
    std::span<const std::uint8_t> s;
    if (!w.u32(len) || !w.take(len, s)) return bad(std::string(field) + " is truncated", at);
    if (!lez::core::isValidUtf8(s)) return bad(std::string(field) + " is not UTF-8", at);
    if (out) out->assign(s.begin(), s.end());
    return lezpay::util::okStatus();
  };
  auto flag = [&](const char* field, std::uint8_t& v) -> lezpay::util::Status {
    const std::size_t at = w.offset();
    if (!w.u8(v)) return bad(std::string(field) + " is truncated", at);
    if (v > 1) return bad(std::string(field) + " byte is " + std::to_string(v) + ", not 0 or 1", at);
    return lezpay::util::okStatus();
  };
  auto fixed = [&](const char* field, std::size_t n) -> lezpay::util::Status {
    const std::size_t at = w.offset();
    std::span<const std::uint8_t> s;
    if (!w.take(n, s)) return bad(std::string(field) + " is truncated", at);
    return lezpay::util::okStatus();
  };
  auto optional = [&](const char* field, auto&& value) -> lezpay::util::Status {
    std::uint8_t present = 0;
    if (auto st = flag(field, present); !st.ok()) return st;
    if (present == 0) return lezpay::util::okStatus();
    return value();
  };

  CanonicalRequestInfo info;
  const std::size_t idAt = w.offset();
  if (auto st = str("request_id", &info.requestId); !st.ok()) return st.error();
  if (info.requestId.empty()) return bad("request_id is empty", idAt);
  if (info.requestId.size() > kMaxRequestIdBytes) return bad("request_id is longer than 256 bytes", idAt);
  std::uint8_t b = 0;
  if (auto st = flag("include_data", b); !st.ok()) return st.error();
  if (auto st = optional("pubsub_topic", [&] { return str("pubsub_topic", nullptr); }); !st.ok()) return st.error();
  std::uint32_t count = 0;
  std::size_t at = w.offset();
  if (!w.u32(count)) return bad("content_topics count is truncated", at);
  for (std::uint32_t i = 0; i < count; ++i) {
    if (auto st = str("content_topics", nullptr); !st.ok()) return st.error();
  }
  if (auto st = optional("time_start", [&] { return fixed("time_start", 8); }); !st.ok()) return st.error();
  if (auto st = optional("time_end", [&] { return fixed("time_end", 8); }); !st.ok()) return st.error();
  at = w.offset();
  if (!w.u32(count)) return bad("message_hashes count is truncated", at);
  if (static_cast<std::uint64_t>(count) * 32 > n8.size() - w.offset()) return bad("message_hashes are truncated", w.offset());
  if (auto st = fixed("message_hashes", static_cast<std::size_t>(count) * 32); !st.ok()) return st.error();
  if (auto st = optional("pagination_cursor", [&] { return fixed("pagination_cursor", 32); }); !st.ok()) return st.error();
  if (auto st = flag("pagination_forward", b); !st.ok()) return st.error();
  if (auto st = optional("pagination_limit", [&] { return fixed("pagination_limit", 8); }); !st.ok()) return st.error();
  if (!w.atEnd()) return bad("trailing bytes after pagination_limit", w.offset());
  return info;
}

}  // namespace lez::stream_eligibility
