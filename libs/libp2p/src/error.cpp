#include "lezpay/libp2p/error.h"

#include <array>
#include <utility>

namespace lezpay::libp2p {
namespace {

constexpr std::array<std::pair<ErrorCode, std::string_view>, 27> kNames{{
    {ErrorCode::UNSUPPORTED_KEY_TYPE, "UNSUPPORTED_KEY_TYPE"},
    {ErrorCode::INVALID_KEY, "INVALID_KEY"},
    {ErrorCode::INVALID_SIGNATURE, "INVALID_SIGNATURE"},
    {ErrorCode::INVALID_PEER_ID, "INVALID_PEER_ID"},
    {ErrorCode::MSS_PROTOCOL_ERROR, "MSS_PROTOCOL_ERROR"},
    {ErrorCode::MSS_NOT_AVAILABLE, "MSS_NOT_AVAILABLE"},
    {ErrorCode::MSS_TOO_MANY_PROPOSALS, "MSS_TOO_MANY_PROPOSALS"},
    {ErrorCode::NOISE_MALFORMED_MESSAGE, "NOISE_MALFORMED_MESSAGE"},
    {ErrorCode::NOISE_DECRYPT_FAILED, "NOISE_DECRYPT_FAILED"},
    {ErrorCode::NOISE_BAD_PAYLOAD, "NOISE_BAD_PAYLOAD"},
    {ErrorCode::NOISE_BAD_SIGNATURE, "NOISE_BAD_SIGNATURE"},
    {ErrorCode::NOISE_PEER_ID_MISMATCH, "NOISE_PEER_ID_MISMATCH"},
    {ErrorCode::NOISE_SELF_CONNECTION, "NOISE_SELF_CONNECTION"},
    {ErrorCode::NOISE_FRAME_TOO_LARGE, "NOISE_FRAME_TOO_LARGE"},
    {ErrorCode::NOISE_NONCE_EXHAUSTED, "NOISE_NONCE_EXHAUSTED"},
    {ErrorCode::CRYPTO_FAILURE, "CRYPTO_FAILURE"},
    {ErrorCode::YAMUX_BAD_VERSION, "YAMUX_BAD_VERSION"},
    {ErrorCode::YAMUX_BAD_TYPE, "YAMUX_BAD_TYPE"},
    {ErrorCode::YAMUX_BAD_FLAGS, "YAMUX_BAD_FLAGS"},
    {ErrorCode::YAMUX_BAD_STREAM_ID, "YAMUX_BAD_STREAM_ID"},
    {ErrorCode::YAMUX_WINDOW_EXCEEDED, "YAMUX_WINDOW_EXCEEDED"},
    {ErrorCode::YAMUX_TOO_MANY_STREAMS, "YAMUX_TOO_MANY_STREAMS"},
    {ErrorCode::YAMUX_STREAM_CLOSED, "YAMUX_STREAM_CLOSED"},
    {ErrorCode::YAMUX_UNKNOWN_STREAM, "YAMUX_UNKNOWN_STREAM"},
    {ErrorCode::YAMUX_GOING_AWAY, "YAMUX_GOING_AWAY"},
    {ErrorCode::YAMUX_SESSION_FAILED, "YAMUX_SESSION_FAILED"},
    {ErrorCode::IDENTIFY_KEY_MISMATCH, "IDENTIFY_KEY_MISMATCH"},
}};

}  // namespace

std::string_view toString(ErrorCode code) {
  for (const auto& [c, name] : kNames) {
    if (c == code) return name;
  }
  return "INTERNAL";
}

std::optional<ErrorCode> errorCodeFromString(std::string_view code) {
  for (const auto& [c, name] : kNames) {
    if (name == code) return c;
  }
  return std::nullopt;
}

lezpay::util::Error makeError(ErrorCode code, std::string message) {
  return lezpay::util::Error{std::string(toString(code)), std::move(message)};
}

}  // namespace lezpay::libp2p
