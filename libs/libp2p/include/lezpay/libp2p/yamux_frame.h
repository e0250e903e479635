#pragma once
// Yamux frame headers (spec libp2p.md §5, hashicorp/yamux spec.md):
//   version u8 = 0 ‖ type u8 ‖ flags u16 ‖ stream_id u32 ‖ length u32, big-endian, 12 bytes.
// Type: Data 0 (length = payload bytes that follow), WindowUpdate 1 (credit delta), Ping 2
// (opaque value), GoAway 3 (code). Flags: SYN 1, ACK 2, FIN 4, RST 8.
// decodeYamuxHeader() takes exactly 12 bytes (else TRUNCATED / TRAILING_BYTES) and rejects: YAMUX_BAD_VERSION (version != 0),
// YAMUX_BAD_TYPE (type > 3), YAMUX_BAD_FLAGS (a bit outside SYN|ACK|FIN|RST). Stream-level rules
// (ids, ping flags, windows) are the session's (yamux_session.h).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "lezpay/util/result.h"

namespace lezpay::libp2p {

inline constexpr std::size_t kYamuxHeaderBytes = 12;

enum class YamuxType : std::uint8_t { DATA = 0, WINDOW_UPDATE = 1, PING = 2, GO_AWAY = 3 };

namespace yamux_flag {
inline constexpr std::uint16_t SYN = 1;
inline constexpr std::uint16_t ACK = 2;
inline constexpr std::uint16_t FIN = 4;
inline constexpr std::uint16_t RST = 8;
}  // namespace yamux_flag

enum class YamuxGoAwayCode : std::uint32_t { NORMAL = 0, PROTOCOL_ERROR = 1, INTERNAL_ERROR = 2 };

struct YamuxHeader {
  YamuxType type = YamuxType::DATA;
  std::uint16_t flags = 0;
  std::uint32_t streamId = 0;
  std::uint32_t length = 0;

  bool operator==(const YamuxHeader&) const = default;
};

std::array<std::uint8_t, kYamuxHeaderBytes> encodeYamuxHeader(const YamuxHeader& header);
lezpay::util::Result<YamuxHeader> decodeYamuxHeader(std::span<const std::uint8_t> bytes);

}  // namespace lezpay::libp2p
