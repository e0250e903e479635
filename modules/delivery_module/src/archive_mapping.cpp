#include "archive_mapping.h"

#include "waku/message_hash.h"

namespace delivery {

lezpay::archive::ArchiveQuery toArchiveQuery(const StoreSelection& s) {
  lezpay::archive::ArchiveQuery q;
  q.include_data = s.include_data;
  q.pubsub_topic = s.pubsub_topic;
  q.content_topics = s.content_topics;
  q.time_start = s.time_start;
  q.time_end = s.time_end;
  q.message_hashes = s.message_hashes;
  q.cursor = s.cursor;
  q.forward = s.forward;
  q.limit = s.limit;
  return q;
}

void fillResponse(waku::StoreQueryResponse& r, const StoreSelection& s, const lezpay::archive::ArchivePage& page) {
  r.status_code = waku::StatusCode::SUCCESS;
  r.status_desc = "OK";
  r.messages.clear();
  r.messages.reserve(page.messages.size());
  for (const auto& m : page.messages) {
    waku::WakuMessageKeyValue kv;
    kv.message_hash = m.hash;
    if (s.include_data) {
      kv.message = m.message;
      kv.pubsub_topic = m.pubsub_topic;
    }
    r.messages.push_back(std::move(kv));
  }
  r.pagination_cursor = page.next_cursor;
}

void fillArchiveError(waku::StoreQueryResponse& r, const lezpay::util::Error& e) {
  r.messages.clear();
  r.pagination_cursor.reset();
  if (e.code == lezpay::archive::kArchiveUnavailable) {
    r.status_code = waku::StatusCode::SERVICE_UNAVAILABLE;
    r.status_desc = "SERVICE_UNAVAILABLE: the archive is unavailable";
  } else {
    r.status_code = waku::StatusCode::BAD_RESPONSE;
    r.status_desc = "BAD_RESPONSE: archive error: " + (e.code == lezpay::archive::kCursorNotFound ? std::string("cursor not found") : e.message);
  }
}

lezpay::archive::ArchivedMessage toArchived(const std::string& pubsubTopic, const waku::WakuMessage& message) {
  lezpay::archive::ArchivedMessage a;
  a.hash = waku::computeMessageHash(pubsubTopic, message);
  a.pubsub_topic = pubsubTopic;
  a.message = message;
  a.timestamp_ns = message.timestamp.value_or(0);
  return a;
}

}  // namespace delivery
