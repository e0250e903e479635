#include "waku/message_hash.h"

#include "lezpay/util/sha256.h"

namespace waku {

MessageHash computeMessageHash(std::string_view pubsubTopic, const WakuMessage& m) {
  std::vector<std::uint8_t> pre;
  pre.reserve(pubsubTopic.size() + m.payload.size() + m.content_topic.size() + (m.meta ? m.meta->size() : 0) + 8);
  pre.insert(pre.end(), pubsubTopic.begin(), pubsubTopic.end());
  pre.insert(pre.end(), m.payload.begin(), m.payload.end());
  pre.insert(pre.end(), m.content_topic.begin(), m.content_topic.end());
  if (m.meta) pre.insert(pre.end(), m.meta->begin(), m.meta->end());
  const auto ts = static_cast<std::uint64_t>(m.timestamp.value_or(0));
  for (int i = 7; i >= 0; --i) pre.push_back(static_cast<std::uint8_t>(ts >> (8 * i)));
  return lezpay::util::sha256(pre);
}

}  // namespace waku
