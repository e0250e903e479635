#include "delivery/store_request_policy.h"

#include <algorithm>
#include <limits>

namespace delivery {
namespace {

using lezpay::util::Error;

Error badRequest(const std::string& why) { return Error{"BAD_REQUEST", why}; }

}  // namespace

std::uint64_t effectivePageSize(std::optional<std::uint64_t> limit) {
  if (!limit || *limit == 0) return waku::kDefaultPageSize;
  return std::min(*limit, waku::kMaxPageSize);
}

lezpay::util::Result<StoreSelection> selectionFromRequest(const waku::StoreQueryRequest& r) {
  const bool contentFilter = r.pubsub_topic.has_value() || !r.content_topics.empty() || r.time_start || r.time_end;
  if (!r.message_hashes.empty() && contentFilter) {
    return badRequest("a query is either a hash lookup (message_hashes) or a content query (pubsub_topic, content_topics, time range), not both");
  }
  if (r.content_topics.size() > waku::kMaxContentTopics) {
    return badRequest("at most " + std::to_string(waku::kMaxContentTopics) + " content topics per query, got " +
                      std::to_string(r.content_topics.size()));
  }
  if (r.pagination_cursor) {
    const auto& c = *r.pagination_cursor;
    if (std::all_of(c.begin(), c.end(), [](std::uint8_t b) { return b == 0; })) {
      return Error{"BAD_RESPONSE", "BAD_RESPONSE: archive error: the pagination cursor is all zeros"};
    }
  }
  StoreSelection s;
  s.include_data = r.include_data;
  s.pubsub_topic = r.pubsub_topic;
  s.content_topics = r.content_topics;
  s.message_hashes = r.message_hashes;
  s.cursor = r.pagination_cursor;
  s.forward = r.pagination_forward;
  s.limit = effectivePageSize(r.pagination_limit);
  s.time_start = r.time_start;
  if (r.time_end) {
    if (*r.time_end == std::numeric_limits<std::int64_t>::min()) {
      s.matches_nothing = true;
    } else {
      s.time_end = *r.time_end - 1;  // exclusive end → inclusive bound
    }
  }
  if (s.time_start && s.time_end && *s.time_start > *s.time_end) s.matches_nothing = true;
  return s;
}

StoreRejection toRejection(const Error& error) {
  if (error.code == "BAD_RESPONSE") return {waku::StatusCode::BAD_RESPONSE, error.message};
  return {waku::StatusCode::BAD_REQUEST, "BAD_REQUEST: " + error.message};
}

}  // namespace delivery
