#pragma once
// What a Store server makes of a decoded request before it touches the archive
// (waku-store.md §4, §5): the query kind is checked, the page size clamped, the time range
// turned into the archive's inclusive bounds. Pure.
//
// Rules (400 BAD_REQUEST unless said otherwise):
//   - a hash lookup (message_hashes) may not carry content filters (pubsub_topic,
//     content_topics, time_start, time_end): mixed queries are invalid;
//   - pubsub_topic and content_topics may be given alone: content topics without a pubsub topic
//     match on every pubsub topic (what autosharding would derive), a pubsub topic alone matches
//     every content topic on it (clients are told to set both; the server does not refuse either);
//   - at most kMaxContentTopics content topics (checked on every request, not only with a cursor);
//   - an all-zero cursor is an archive error: 300 BAD_RESPONSE (nwaku's code for cursor errors);
//   - page size: limit unset or 0 ⇒ kDefaultPageSize, else min(limit, kMaxPageSize);
//   - time: start inclusive, end EXCLUSIVE (the Store RFC; nwaku treats end as inclusive). The
//     archive takes inclusive bounds, so end becomes end - 1; an empty window (end ≤ start, or
//     end = INT64_MIN) matches nothing and answers an empty page without asking the archive.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lezpay/util/result.h"
#include "waku/store_common.h"

namespace delivery {

// The validated selection, in the archive's terms (inclusive time bounds, clamped limit).
struct StoreSelection {
  bool include_data = false;
  std::optional<std::string> pubsub_topic;
  std::vector<std::string> content_topics;
  std::optional<std::int64_t> time_start;  // inclusive, ns
  std::optional<std::int64_t> time_end;    // inclusive, ns
  std::vector<waku::MessageHash> message_hashes;
  std::optional<waku::MessageHash> cursor;  // exclusive
  bool forward = false;
  std::uint64_t limit = waku::kDefaultPageSize;
  bool matches_nothing = false;  // empty time window: answer an empty page
};

struct StoreRejection {
  waku::StatusCode status = waku::StatusCode::BAD_REQUEST;
  std::string desc;  // status_desc sent on the wire
};

// Error::code is "BAD_REQUEST" or "BAD_RESPONSE"; toRejection() maps it to the wire status.
lezpay::util::Result<StoreSelection> selectionFromRequest(const waku::StoreQueryRequest& request);

// The page size the server uses for `limit` (exposed for tests and docs).
std::uint64_t effectivePageSize(std::optional<std::uint64_t> limit);

StoreRejection toRejection(const lezpay::util::Error& error);

}  // namespace delivery
