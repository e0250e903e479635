#pragma once
// A receive buffer that hands out uvarint length-prefixed frames one at a time, with a
// per-frame size limit that may change between frames (multistream messages are capped at
// 1024 bytes, a Store request at 128 KiB, a response at 16 MiB) while bytes that arrived early
// stay buffered. The prefix rules are libs/proto's (minimal, at most 9 bytes); a frame above the
// limit is refused as soon as its prefix is known, before its payload is buffered.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "lezpay/proto/error.h"
#include "lezpay/proto/frame.h"
#include "lezpay/proto/varint.h"
#include "lezpay/util/result.h"

namespace delivery::transport {

class FrameBuffer {
 public:
  enum class State { NEED_MORE, FRAME, ERROR };
  struct Take {
    State state = State::NEED_MORE;
    std::vector<std::uint8_t> frame;
    lezpay::util::Error error;
  };

  void append(std::span<const std::uint8_t> bytes) { buf_.insert(buf_.end(), bytes.begin(), bytes.end()); }
  std::size_t size() const { return buf_.size(); }

  Take take(std::size_t maxPayload) {
    Take t;
    if (buf_.empty()) return t;
    auto prefix = lezpay::proto::decodeVarint(std::span<const std::uint8_t>(buf_.data(), std::min(buf_.size(), lezpay::proto::kMaxFrameLengthVarintBytes + 1)));
    if (!prefix.ok()) {
      if (prefix.error().code == toString(lezpay::proto::ErrorCode::TRUNCATED)) {
        if (buf_.size() >= lezpay::proto::kMaxFrameLengthVarintBytes) return fail("VARINT_OVERFLOW", "frame length prefix longer than 9 bytes");
        // A partial prefix whose bits already exceed the limit cannot shrink.
        std::uint64_t partial = 0;
        for (std::size_t i = 0; i < buf_.size(); ++i) partial |= static_cast<std::uint64_t>(buf_[i] & 0x7F) << (7 * i);
        if (partial > maxPayload) return fail("TOO_LARGE", "frame longer than the limit of " + std::to_string(maxPayload) + " bytes");
        return t;
      }
      return fail(prefix.error().code, prefix.error().message);
    }
    if (prefix->length > lezpay::proto::kMaxFrameLengthVarintBytes) return fail("VARINT_OVERFLOW", "frame length prefix longer than 9 bytes");
    if (prefix->value > maxPayload) {
      return fail("TOO_LARGE", "frame of " + std::to_string(prefix->value) + " bytes is above the limit of " + std::to_string(maxPayload));
    }
    const std::size_t total = prefix->length + static_cast<std::size_t>(prefix->value);
    if (buf_.size() < total) return t;
    t.state = State::FRAME;
    t.frame.assign(buf_.begin() + static_cast<std::ptrdiff_t>(prefix->length), buf_.begin() + static_cast<std::ptrdiff_t>(total));
    buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(total));
    return t;
  }

 private:
  Take fail(std::string code, std::string message) {
    Take t;
    t.state = State::ERROR;
    t.error = lezpay::util::Error{std::move(code), std::move(message)};
    return t;
  }
  std::vector<std::uint8_t> buf_;
};

}  // namespace delivery::transport
