#pragma once
// multistream-select 1.0 messages (waku-store.md §1): `uvarint(len) ‖ UTF-8 text ‖ '\n'`, where
// `len` counts the newline. Both sides first send kMultistreamProtocolId; the dialer then proposes
// a protocol id and the listener echoes it (accept) or answers kMultistreamNotAvailable.
//
// Limits and rules (ours; docs/decisions.md): len ≤ kMaxMultistreamMessageBytes (1024, newline
// included); the text is non-empty, valid UTF-8 and holds no other '\n'. Reading from a stream:
// feed a FrameReader(kMaxMultistreamMessageBytes) and pass each frame to
// parseMultistreamPayload().

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/util/result.h"

namespace lezpay::proto {

inline constexpr std::string_view kMultistreamProtocolId = "/multistream/1.0.0";
inline constexpr std::string_view kMultistreamNotAvailable = "na";
inline constexpr std::size_t kMaxMultistreamMessageBytes = 1024;

// The framed message for `text`. Errors: TOO_LARGE (text.size() + 1 > 1024), INVALID_VALUE (empty
// or contains '\n'), INVALID_UTF8.
lezpay::util::Result<std::vector<std::uint8_t>> encodeMultistreamMessage(std::string_view text);

// The text of a frame payload (`text ‖ '\n'`, prefix already removed).
// Errors: MISSING_NEWLINE, TOO_LARGE, INVALID_VALUE (empty text or an inner '\n'), INVALID_UTF8.
lezpay::util::Result<std::string> parseMultistreamPayload(std::span<const std::uint8_t> payload);

// Exactly one framed message spanning all of `input` (prefix included).
// Errors: those of decodeFrame (TRUNCATED, TRAILING_BYTES, TOO_LARGE, ...) and of
// parseMultistreamPayload.
lezpay::util::Result<std::string> decodeMultistreamMessage(std::span<const std::uint8_t> input);

}  // namespace lezpay::proto
