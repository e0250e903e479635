#include "lezpay/proto/frame.h"

#include <string>

#include "lezpay/proto/error.h"
#include "lezpay/proto/varint.h"

namespace lezpay::proto {
namespace {

enum class PrefixState { INCOMPLETE, COMPLETE, BAD };

struct Prefix {
  PrefixState state = PrefixState::INCOMPLETE;
  std::uint64_t length = 0;     // COMPLETE
  std::size_t prefixBytes = 0;  // COMPLETE
  lezpay::util::Error error;    // BAD
};

// Parses the length prefix at the front of `in` under the unsigned-varint rules and the payload
// limit. An incomplete prefix that already implies a length above `max` is BAD (TOO_LARGE).
Prefix parsePrefix(std::span<const std::uint8_t> in, std::size_t max) {
  Prefix p;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (i >= kMaxFrameLengthVarintBytes) {
      p.state = PrefixState::BAD;
      p.error = makeError(ErrorCode::VARINT_OVERFLOW, "frame length prefix longer than 9 bytes");
      return p;
    }
    const std::uint8_t b = in[i];
    value |= static_cast<std::uint64_t>(b & 0x7F) << (7 * i);
    if ((b & 0x80) == 0) {
      if (b == 0 && i > 0) {
        p.state = PrefixState::BAD;
        p.error = makeError(ErrorCode::VARINT_OVERLONG, "frame length prefix not minimally encoded");
        return p;
      }
      if (value > max) {
        p.state = PrefixState::BAD;
        p.error = makeError(ErrorCode::TOO_LARGE, "frame of " + std::to_string(value) + " bytes, limit " + std::to_string(max));
        return p;
      }
      p.state = PrefixState::COMPLETE;
      p.length = value;
      p.prefixBytes = i + 1;
      return p;
    }
    // i+1 continuation bytes seen: a minimal encoding then needs a non-zero group at position
    // i+1 or later, so the length is at least 2^(7(i+1)).
    const std::size_t bits = 7 * (i + 1);
    if (bits < 64 && (std::uint64_t{1} << bits) > max) {
      p.state = PrefixState::BAD;
      p.error = makeError(ErrorCode::TOO_LARGE, "frame length prefix already exceeds the limit of " + std::to_string(max) + " bytes");
      return p;
    }
  }
  return p;  // INCOMPLETE
}

}  // namespace

std::vector<std::uint8_t> encodeFrame(std::span<const std::uint8_t> payload) {
  std::vector<std::uint8_t> out;
  out.reserve(varintSize(payload.size()) + payload.size());
  appendVarint(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

lezpay::util::Result<std::vector<std::uint8_t>> decodeFrame(std::span<const std::uint8_t> input, std::size_t maxPayloadBytes) {
  const Prefix p = parsePrefix(input, maxPayloadBytes);
  if (p.state == PrefixState::BAD) return p.error;
  if (p.state == PrefixState::INCOMPLETE) return makeError(ErrorCode::TRUNCATED, "input ends inside the frame length prefix");
  const std::size_t rest = input.size() - p.prefixBytes;
  if (rest < p.length) {
    return makeError(ErrorCode::TRUNCATED, "frame of " + std::to_string(p.length) + " bytes but only " + std::to_string(rest) + " present");
  }
  if (rest > p.length) {
    return makeError(ErrorCode::TRAILING_BYTES, std::to_string(rest - p.length) + " bytes after the frame");
  }
  return std::vector<std::uint8_t>(input.begin() + static_cast<std::ptrdiff_t>(p.prefixBytes), input.end());
}

FrameReader::FrameReader(std::size_t maxPayloadBytes) : max_(maxPayloadBytes) {}

void FrameReader::append(std::span<const std::uint8_t> bytes) {
  if (failed_) return;
  buf_.insert(buf_.end(), bytes.begin(), bytes.end());
}

FrameReader::Outcome FrameReader::fail(lezpay::util::Error e) {
  failed_ = true;
  error_ = std::move(e);
  buf_.clear();
  buf_.shrink_to_fit();
  return Outcome{State::ERROR, {}, error_};
}

FrameReader::Outcome FrameReader::poll() {
  if (failed_) return Outcome{State::ERROR, {}, error_};
  const Prefix p = parsePrefix(buf_, max_);
  if (p.state == PrefixState::BAD) return fail(p.error);
  if (p.state == PrefixState::INCOMPLETE) return Outcome{};
  if (buf_.size() - p.prefixBytes < p.length) return Outcome{};
  const auto begin = buf_.begin() + static_cast<std::ptrdiff_t>(p.prefixBytes);
  const auto end = begin + static_cast<std::ptrdiff_t>(p.length);
  Outcome out{State::FRAME, std::vector<std::uint8_t>(begin, end), {}};
  buf_.erase(buf_.begin(), end);
  return out;
}

}  // namespace lezpay::proto
