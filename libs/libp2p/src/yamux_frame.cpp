#include "lezpay/libp2p/yamux_frame.h"

#include <string>

#include "lezpay/libp2p/error.h"
#include "lezpay/proto/error.h"

namespace lezpay::libp2p {
namespace {

void putU32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

std::uint32_t getU32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

}  // namespace

std::array<std::uint8_t, kYamuxHeaderBytes> encodeYamuxHeader(const YamuxHeader& h) {
  std::array<std::uint8_t, kYamuxHeaderBytes> out{};
  out[0] = 0;
  out[1] = static_cast<std::uint8_t>(h.type);
  out[2] = static_cast<std::uint8_t>(h.flags >> 8);
  out[3] = static_cast<std::uint8_t>(h.flags);
  putU32(out.data() + 4, h.streamId);
  putU32(out.data() + 8, h.length);
  return out;
}

lezpay::util::Result<YamuxHeader> decodeYamuxHeader(std::span<const std::uint8_t> b) {
  if (b.size() != kYamuxHeaderBytes) {
    return lezpay::proto::makeError(b.size() < kYamuxHeaderBytes ? lezpay::proto::ErrorCode::TRUNCATED : lezpay::proto::ErrorCode::TRAILING_BYTES,
                                    "a Yamux header is 12 bytes, got " + std::to_string(b.size()));
  }
  if (b[0] != 0) return makeError(ErrorCode::YAMUX_BAD_VERSION, "Yamux version " + std::to_string(b[0]) + " is not 0");
  if (b[1] > 3) return makeError(ErrorCode::YAMUX_BAD_TYPE, "Yamux frame type " + std::to_string(b[1]) + " is not 0 to 3");
  const std::uint16_t flags = static_cast<std::uint16_t>((b[2] << 8) | b[3]);
  if ((flags & ~std::uint16_t{0x0f}) != 0) {
    return makeError(ErrorCode::YAMUX_BAD_FLAGS, "Yamux flags " + std::to_string(flags) + " hold bits other than SYN, ACK, FIN, RST");
  }
  YamuxHeader h;
  h.type = static_cast<YamuxType>(b[1]);
  h.flags = flags;
  h.streamId = getU32(b.data() + 4);
  h.length = getU32(b.data() + 8);
  return h;
}

}  // namespace lezpay::libp2p
