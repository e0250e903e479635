#include "lezpay/proto/multistream.h"

#include "lezpay/proto/error.h"
#include "lezpay/proto/fields.h"
#include "lezpay/proto/frame.h"
#include "lezpay/util/utf8.h"

namespace lezpay::proto {
namespace {

lezpay::util::Status checkText(std::string_view text) {
  if (text.empty()) return makeError(ErrorCode::INVALID_VALUE, "multistream: empty message");
  if (text.find('\n') != std::string_view::npos) return makeError(ErrorCode::INVALID_VALUE, "multistream: newline inside the message");
  if (!util::isValidUtf8(text)) return makeError(ErrorCode::INVALID_UTF8, "multistream: message is not valid UTF-8");
  return lezpay::util::okStatus();
}

}  // namespace

lezpay::util::Result<std::vector<std::uint8_t>> encodeMultistreamMessage(std::string_view text) {
  if (text.size() + 1 > kMaxMultistreamMessageBytes) {
    return makeError(ErrorCode::TOO_LARGE, "multistream: " + std::to_string(text.size() + 1) + " bytes, limit " + std::to_string(kMaxMultistreamMessageBytes));
  }
  if (auto s = checkText(text); !s) return s.error();
  std::vector<std::uint8_t> payload(text.begin(), text.end());
  payload.push_back('\n');
  return encodeFrame(payload);
}

lezpay::util::Result<std::string> parseMultistreamPayload(std::span<const std::uint8_t> payload) {
  if (payload.size() > kMaxMultistreamMessageBytes) {
    return makeError(ErrorCode::TOO_LARGE, "multistream: " + std::to_string(payload.size()) + " bytes, limit " + std::to_string(kMaxMultistreamMessageBytes));
  }
  if (payload.empty() || payload.back() != '\n') return makeError(ErrorCode::MISSING_NEWLINE, "multistream: message does not end with a newline");
  const std::string text(reinterpret_cast<const char*>(payload.data()), payload.size() - 1);
  if (auto s = checkText(text); !s) return s.error();
  return text;
}

lezpay::util::Result<std::string> decodeMultistreamMessage(std::span<const std::uint8_t> input) {
  auto frame = decodeFrame(input, kMaxMultistreamMessageBytes);
  if (!frame) return withContext(frame.error(), "multistream");
  return parseMultistreamPayload(*frame);
}

}  // namespace lezpay::proto
