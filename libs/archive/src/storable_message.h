#pragma once
// What the archive accepts (waku-store.md §4 "Storable", §6). Pure.

#include "lezpay/archive/archive.h"

namespace lezpay::archive {

// INVALID_MESSAGE when: the message is ephemeral; it breaks a limit of waku/store_common.h (a
// Store response carrying it would not decode); the pubsub topic is longer than kMaxTopicBytes;
// or `hash` is not computeMessageHash(pubsub_topic, message). The timestamp is not checked
// against a clock here: ingest (delivery_module) applies the ±20 s rule.
util::Status checkStorable(const ArchivedMessage& message);

}  // namespace lezpay::archive
