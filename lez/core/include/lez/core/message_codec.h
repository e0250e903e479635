#pragma once
// Borsh codec of Message (LEZ spec §4).
//
// decodeMessage: exactly one Message. Errors (messages prefixed "Message.<field>[i]"):
// TRUNCATED (including a Vec count whose elements cannot fit in the remaining bytes, checked
// before allocating), TRAILING_BYTES. No count limit beyond the input size: the reference has
// none, and the sequencer bounds whole transactions by size (spec §7).

#include <cstdint>
#include <span>
#include <vector>

#include "lez/core/borsh.h"
#include "lez/core/message.h"

namespace lez::core {

std::vector<std::uint8_t> encode(const Message& message);
Result<Message> decodeMessage(std::span<const std::uint8_t> bytes);

void writeMessage(BorshWriter& w, const Message& message);
Result<Message> readMessage(BorshReader& r);

}  // namespace lez::core
