#pragma once
// The libp2p `/noise` security handshake and transport (spec libp2p.md §4) over byte buffers.
//
// Frames are `u16be(len) ‖ message` with len ≤ 65535, during and after the handshake.
// NoiseHandshake runs XX with the libp2p payload: ours is the caller's NoiseCredential (our
// identity key and its signature over "noise-libp2p-static-key:" ‖ our X25519 static key, made
// once per process; noise_credential.h), so no identity secret is needed here; the remote's is
// decoded, its key decoded and its signature verified over the static key it just sent, and its
// peer id derived from the re-encoded key. The handshake fails (close the connection) on:
//   NOISE_MALFORMED_MESSAGE / NOISE_DECRYPT_FAILED   a message that is short, long or tampered;
//   a proto wire code / NOISE_BAD_PAYLOAD            a payload that does not decode;
//   UNSUPPORTED_KEY_TYPE / INVALID_KEY               an identity we cannot verify;
//   NOISE_BAD_SIGNATURE                               the signature does not verify;
//   NOISE_PEER_ID_MISMATCH                            the peer is not `expectedRemote`;
//   NOISE_SELF_CONNECTION                             the peer presents our own identity.
// Use: send start()'s bytes (the initiator's message A; nothing for the responder), then feed()
// every received chunk and send each step's `output` until `done`. Then remotePeerId(),
// remotePublicKey(), takeTransport(), and takeRemainder() (bytes after the last handshake frame:
// the first transport frames, to pass to the transport's decrypt()).
//
// NoiseTransport encrypts plaintext into frames of at most kNoiseMaxPlaintextBytes (65519) and
// decrypts a stream of frames; decrypted data is one byte stream (Yamux frames straddle Noise
// frames). At most one partial frame is buffered. Errors: NOISE_DECRYPT_FAILED,
// NOISE_NONCE_EXHAUSTED; after an error the transport is failed for good.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "lezpay/libp2p/identity.h"
#include "lezpay/libp2p/noise_credential.h"
#include "lezpay/libp2p/noise_handshake_state.h"
#include "lezpay/libp2p/peer_id.h"
#include "lezpay/util/result.h"

namespace lezpay::libp2p {

inline constexpr std::size_t kNoiseMaxPlaintextBytes = kNoiseMaxMessageBytes - kNoiseTagBytes;

class NoiseTransport {
 public:
  NoiseTransport(CipherState send, CipherState receive) : send_(std::move(send)), receive_(std::move(receive)) {}

  // Frames holding `plaintext` (empty input gives no frame).
  lezpay::util::Result<std::vector<std::uint8_t>> encrypt(std::span<const std::uint8_t> plaintext);
  // The plaintext of every frame completed by `bytes` (appended to `out`).
  lezpay::util::Status decrypt(std::span<const std::uint8_t> bytes, std::vector<std::uint8_t>& out);
  std::size_t bufferedBytes() const { return buf_.size(); }
  // Test hooks for the nonce limit.
  CipherState& sendCipher() { return send_; }
  CipherState& receiveCipher() { return receive_; }

 private:
  CipherState send_;
  CipherState receive_;
  std::vector<std::uint8_t> buf_;
  bool failed_ = false;
};

struct NoiseConfig {
  bool initiator = false;
  const NoiseCredential* credential = nullptr;  // must outlive the handshake
  Key32 ephemeralPrivate{};                      // X25519; fresh random per handshake
  std::optional<PeerId> expectedRemote;         // the dialed /p2p/ id (initiator)
};

struct NoiseStep {
  std::vector<std::uint8_t> output;
  bool done = false;
};

class NoiseHandshake {
 public:
  // CRYPTO_FAILURE if a key pair cannot be derived. Precondition: config.credential != nullptr.
  static lezpay::util::Result<NoiseHandshake> create(const NoiseConfig& config);

  std::vector<std::uint8_t> start();
  lezpay::util::Result<NoiseStep> feed(std::span<const std::uint8_t> bytes);

  bool done() const { return done_; }
  // Valid once done.
  const PeerId& remotePeerId() const { return *remotePeer_; }
  const PublicKey& remotePublicKey() const { return remoteKey_; }
  NoiseTransport takeTransport() const;
  std::vector<std::uint8_t> takeRemainder();

 private:
  NoiseHandshake(const NoiseConfig& config, NoiseXXHandshakeState state)
      : config_(config), state_(std::move(state)), self_(config.credential->peerId()) {}
  lezpay::util::Result<std::vector<std::uint8_t>> framed(std::span<const std::uint8_t> payload);
  lezpay::util::Status acceptPayload(std::span<const std::uint8_t> payload);
  std::vector<std::uint8_t> ourPayload() const;

  NoiseConfig config_;
  NoiseXXHandshakeState state_;
  PeerId self_;
  std::vector<std::uint8_t> buf_;
  std::optional<PeerId> remotePeer_;
  PublicKey remoteKey_;
  bool done_ = false;
  bool failed_ = false;
};

}  // namespace lezpay::libp2p
