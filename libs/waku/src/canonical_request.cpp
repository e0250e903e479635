#include "waku/canonical_request.h"

#include "lezpay/util/sha256.h"

namespace waku {
namespace {

class BodyWriter {
 public:
  void u8(std::uint8_t v) { out.push_back(v); }
  void u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void u64(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void raw(std::span<const std::uint8_t> b) { out.insert(out.end(), b.begin(), b.end()); }
  void string(std::string_view s) {
    // Lengths are bounded by the Store limits (store_common.h), far below 2^32.
    u32(static_cast<std::uint32_t>(s.size()));
    out.insert(out.end(), s.begin(), s.end());
  }
  std::vector<std::uint8_t> out;
};

}  // namespace

std::vector<std::uint8_t> canonicalStoreRequest(const StoreQueryRequest& q) {
  BodyWriter w;
  w.out.reserve(kDomainPrefixBytes + 64);
  w.out.insert(w.out.end(), kStoreEligibilityDomain.begin(), kStoreEligibilityDomain.end());
  w.out.resize(kDomainPrefixBytes, 0);

  w.string(q.request_id);
  w.u8(q.include_data ? 1 : 0);
  if (q.pubsub_topic) {
    w.u8(1);
    w.string(*q.pubsub_topic);
  } else {
    w.u8(0);
  }
  w.u32(static_cast<std::uint32_t>(q.content_topics.size()));
  for (const auto& t : q.content_topics) w.string(t);
  for (const auto& t : {q.time_start, q.time_end}) {
    if (t) {
      w.u8(1);
      w.u64(static_cast<std::uint64_t>(*t));
    } else {
      w.u8(0);
    }
  }
  w.u32(static_cast<std::uint32_t>(q.message_hashes.size()));
  for (const auto& h : q.message_hashes) w.raw(h);
  if (q.pagination_cursor) {
    w.u8(1);
    w.raw(*q.pagination_cursor);
  } else {
    w.u8(0);
  }
  w.u8(q.pagination_forward ? 1 : 0);
  if (q.pagination_limit) {
    w.u8(1);
    w.u64(*q.pagination_limit);
  } else {
    w.u8(0);
  }
  return std::move(w.out);
}

std::array<std::uint8_t, 32> canonicalStoreRequestDigest(const StoreQueryRequest& q) {
  return lezpay::util::sha256(canonicalStoreRequest(q));
}

}  // namespace waku
