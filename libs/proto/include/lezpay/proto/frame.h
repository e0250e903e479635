#pragma once
// Length-prefixed frames: `uvarint(byte length) ‖ payload` (waku-store.md §1 "RPC framing"; the
// same unsigned-varint prefix carries multistream-select messages).
//
// The prefix follows the multiformats unsigned-varint rules: minimal encoding (VARINT_OVERLONG
// otherwise) and at most kMaxFrameLengthVarintBytes (9) bytes (VARINT_OVERFLOW). Every reader
// has a maximum payload size; a longer frame is TOO_LARGE as soon as its length prefix is known
// (or as soon as a partial prefix already implies it), before any payload is buffered.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "lezpay/util/result.h"

namespace lezpay::proto {

inline constexpr std::size_t kMaxFrameLengthVarintBytes = 9;

// uvarint(payload.size()) ‖ payload.
std::vector<std::uint8_t> encodeFrame(std::span<const std::uint8_t> payload);

// Exactly one frame: the payload of a frame that spans all of `input`.
// Errors: TRUNCATED (prefix or payload incomplete), VARINT_OVERFLOW, VARINT_OVERLONG,
// TOO_LARGE (length above maxPayloadBytes), TRAILING_BYTES.
lezpay::util::Result<std::vector<std::uint8_t>> decodeFrame(std::span<const std::uint8_t> input, std::size_t maxPayloadBytes);

// Incremental frame reader for a byte stream that arrives in pieces.
//
// append() the bytes as they arrive, then call poll() until it returns NEED_MORE:
//   NEED_MORE  no complete frame buffered yet;
//   FRAME      `frame` holds the next payload (its bytes are removed from the buffer);
//   ERROR      `error` holds VARINT_OVERFLOW, VARINT_OVERLONG or TOO_LARGE. The reader is then
//              failed for good: every later poll() returns the same error and append() is a no-op
//              (the stream cannot be resynchronised; close it).
// At end of stream, hasPartialFrame() tells whether bytes of an unfinished frame were left.
class FrameReader {
 public:
  enum class State { NEED_MORE, FRAME, ERROR };
  struct Outcome {
    State state = State::NEED_MORE;
    std::vector<std::uint8_t> frame;  // FRAME only
    lezpay::util::Error error;        // ERROR only
  };

  explicit FrameReader(std::size_t maxPayloadBytes);

  void append(std::span<const std::uint8_t> bytes);
  Outcome poll();

  bool failed() const { return failed_; }
  bool hasPartialFrame() const { return !buf_.empty(); }
  std::size_t bufferedBytes() const { return buf_.size(); }
  std::size_t maxPayloadBytes() const { return max_; }

 private:
  Outcome fail(lezpay::util::Error e);

  std::size_t max_;
  std::vector<std::uint8_t> buf_;
  bool failed_ = false;
  lezpay::util::Error error_;
};

}  // namespace lezpay::proto
