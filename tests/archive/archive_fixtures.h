#pragma once
// Helpers shared by the archive suites: storable messages with their deterministic hash.

#include <cstdint>
#include <string>

#include "lezpay/archive/archive.h"
#include "waku/message_hash.h"

namespace archive_test {

// A storable message: `i` makes the payload (and so the hash) unique.
inline lezpay::archive::ArchivedMessage makeMessage(int i, std::int64_t timestamp_ns,
                                                    const std::string& content_topic = "/app/1/chat/proto",
                                                    const std::string& pubsub_topic = "/waku/2/rs/0/0") {
  lezpay::archive::ArchivedMessage m;
  m.pubsub_topic = pubsub_topic;
  m.message.content_topic = content_topic;
  const std::string text = "message " + std::to_string(i);
  m.message.payload.assign(text.begin(), text.end());
  m.message.timestamp = timestamp_ns;
  m.timestamp_ns = timestamp_ns;
  m.hash = waku::computeMessageHash(m.pubsub_topic, m.message);
  return m;
}

}  // namespace archive_test
