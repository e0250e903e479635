#include "storable_message.h"

#include "lezpay/util/hex.h"
#include "waku/message_hash.h"
#include "waku/waku_message_codec.h"

namespace lezpay::archive {

util::Status checkStorable(const ArchivedMessage& m) {
  if (m.message.ephemeral.value_or(false)) {
    return util::makeError(kInvalidMessage, "ephemeral messages are never archived (waku-store.md §4)");
  }
  if (m.pubsub_topic.size() > waku::kMaxTopicBytes) {
    return util::makeError(kInvalidMessage, "the pubsub topic is longer than " + std::to_string(waku::kMaxTopicBytes) + " bytes");
  }
  if (auto limits = waku::checkWakuMessage(m.message); !limits.ok()) {
    return util::makeError(kInvalidMessage, "the message could not be answered back: " + limits.error().message);
  }
  const waku::MessageHash expected = waku::computeMessageHash(m.pubsub_topic, m.message);
  if (expected != m.hash) {
    return util::makeError(kInvalidMessage, "hash " + util::toHex(m.hash) +
                                                " is not the message's deterministic hash " + util::toHex(expected));
  }
  return util::okStatus();
}

}  // namespace lezpay::archive
