#pragma once
// Stable error codes of the libp2p layer (spec libp2p.md): keys and peer ids (§3),
// multistream-select (§2), Noise (§4) and Yamux (§5). Every failure leaves the library as
// lezpay::util::Error{toString(code), sentence}; protobuf-shaped decoders (PublicKey, the Noise
// handshake payload, Identify) report the wire codes of lezpay::proto (TRUNCATED, TOO_LARGE, ...)
// with the message and field named. The strings never change once released.

#include <optional>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"

namespace lezpay::libp2p {

enum class ErrorCode {
  UNSUPPORTED_KEY_TYPE,      // a PublicKey of a type we do not verify (RSA, ECDSA, unknown)
  INVALID_KEY,               // key bytes that are not a point / secret of their curve
  INVALID_SIGNATURE,         // a signature that does not verify, or is not DER / 64 bytes / low-S
  INVALID_PEER_ID,           // peer id text or bytes that are not a libp2p multihash
  MSS_PROTOCOL_ERROR,        // a multistream-select message that breaks the protocol (header, framing)
  MSS_NOT_AVAILABLE,         // the peer refused every protocol we proposed
  MSS_TOO_MANY_PROPOSALS,    // the dialer kept proposing protocols we do not serve
  NOISE_MALFORMED_MESSAGE,   // a handshake message of the wrong size or in the wrong state
  NOISE_DECRYPT_FAILED,      // an AEAD tag that does not verify (tampering or wrong keys)
  NOISE_BAD_PAYLOAD,         // a handshake payload without an identity key or signature
  NOISE_BAD_SIGNATURE,       // the identity signature over the static key does not verify
  NOISE_PEER_ID_MISMATCH,    // the authenticated peer is not the one that was dialed
  NOISE_SELF_CONNECTION,     // the remote presents our own identity
  NOISE_FRAME_TOO_LARGE,     // plaintext above what one Noise frame carries
  NOISE_NONCE_EXHAUSTED,     // 2^64-1 messages sent or received on one key
  CRYPTO_FAILURE,            // OpenSSL or libsecp256k1 refused an operation on valid input
  YAMUX_BAD_VERSION,         // a frame header with version != 0
  YAMUX_BAD_TYPE,            // a frame type above 3
  YAMUX_BAD_FLAGS,           // flags outside SYN|ACK|FIN|RST, or a ping with other than SYN or ACK
  YAMUX_BAD_STREAM_ID,       // a SYN for id 0, with our parity, or for an id already in use
  YAMUX_WINDOW_EXCEEDED,     // the peer sent more data than the window we granted
  YAMUX_TOO_MANY_STREAMS,    // our own limit on open or unacknowledged streams is reached
  YAMUX_STREAM_CLOSED,       // a write to a stream that is closed for writing or reset
  YAMUX_UNKNOWN_STREAM,      // an operation on a stream id this session does not hold
  YAMUX_GOING_AWAY,          // a stream opened after a GoAway was sent or received
  YAMUX_SESSION_FAILED,      // the session already failed; it takes no more input
  IDENTIFY_KEY_MISMATCH,     // an identify push whose public key is not the authenticated peer's
};

std::string_view toString(ErrorCode code);
std::optional<ErrorCode> errorCodeFromString(std::string_view code);
lezpay::util::Error makeError(ErrorCode code, std::string message);

}  // namespace lezpay::libp2p
