#pragma once
// The Noise Protocol Framework core for one pattern, Noise_XX_25519_ChaChaPoly_SHA256 (spec
// libp2p.md §4; noiseprotocol.org rev 34): X25519 key pairs, CipherState and the XX
// HandshakeState, all on OpenSSL 3 EVP (X25519, ChaCha20-Poly1305, SHA-256, HMAC). No framing
// and no libp2p payload here (noise_session.h adds those); this layer is what the cacophony test
// vectors check byte for byte.
//
// Randomness is a parameter: key pairs are built from 32 private bytes the caller draws.

#include <array>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "lezpay/util/result.h"

namespace lezpay::libp2p {

using Key32 = std::array<std::uint8_t, 32>;

inline constexpr std::size_t kNoiseTagBytes = 16;
inline constexpr std::size_t kNoiseMaxMessageBytes = 65535;

struct X25519KeyPair {
  Key32 privateKey{};
  Key32 publicKey{};

  // The pair of a 32-byte X25519 private key (clamped by X25519 itself). CRYPTO_FAILURE only if
  // OpenSSL cannot derive the public key.
  static lezpay::util::Result<X25519KeyPair> fromPrivate(std::span<const std::uint8_t, 32> privateKey);
};

// A ChaCha20-Poly1305 key with its 64-bit nonce counter (nonce = 00000000 ‖ u64le(n)).
// Without a key, encrypt/decrypt pass the bytes through (Noise's "no key yet").
// Errors: NOISE_DECRYPT_FAILED (tag mismatch), NOISE_NONCE_EXHAUSTED (n reached 2^64-1; the
// session must close), CRYPTO_FAILURE.
class CipherState {
 public:
  CipherState() = default;
  explicit CipherState(const Key32& key) : key_(key), hasKey_(true) {}

  bool hasKey() const { return hasKey_; }
  std::uint64_t nonce() const { return n_; }
  // Test hook for the nonce limit; a live session never sets it.
  void setNonceForTest(std::uint64_t n) { n_ = n; }

  lezpay::util::Result<std::vector<std::uint8_t>> encryptWithAd(std::span<const std::uint8_t> ad,
                                                                std::span<const std::uint8_t> plaintext);
  lezpay::util::Result<std::vector<std::uint8_t>> decryptWithAd(std::span<const std::uint8_t> ad,
                                                                std::span<const std::uint8_t> ciphertext);
  // Encrypts into `out` (appending ciphertext ‖ tag), for the transport's hot path.
  lezpay::util::Status encryptAppend(std::span<const std::uint8_t> plaintext, std::vector<std::uint8_t>& out);
  // Decrypts ciphertext ‖ tag into `out` (appending).
  lezpay::util::Status decryptAppend(std::span<const std::uint8_t> ciphertext, std::vector<std::uint8_t>& out);

 private:
  Key32 key_{};
  bool hasKey_ = false;
  std::uint64_t n_ = 0;
};

// XX:  -> e
//      <- e, ee, s, es
//      -> s, se
// The initiator writes messages 0 and 2 and reads 1; the responder the reverse. A message
// written or read out of turn is NOISE_MALFORMED_MESSAGE, as is one shorter than its tokens
// need. readMessage returns the payload. After message 2, complete() is true and split()
// gives (send, receive) cipher states for this side.
class NoiseXXHandshakeState {
 public:
  NoiseXXHandshakeState(bool initiator, std::span<const std::uint8_t> prologue, const X25519KeyPair& staticKey,
                        const X25519KeyPair& ephemeralKey);

  lezpay::util::Result<std::vector<std::uint8_t>> writeMessage(std::span<const std::uint8_t> payload);
  lezpay::util::Result<std::vector<std::uint8_t>> readMessage(std::span<const std::uint8_t> message);

  bool complete() const { return step_ == 3; }
  bool initiator() const { return initiator_; }
  // Index of the next message (0, 1, 2; 3 when complete).
  int step() const { return step_; }
  const Key32& handshakeHash() const { return h_; }
  // The remote static key, valid once the message carrying `s` was read.
  const Key32& remoteStatic() const { return rs_; }
  const Key32& localStaticPublic() const { return s_.publicKey; }
  // Precondition: complete(). (send, receive).
  std::pair<CipherState, CipherState> split() const;

 private:
  void mixHash(std::span<const std::uint8_t> data);
  lezpay::util::Status mixKey(std::span<const std::uint8_t> ikm);
  lezpay::util::Status mixDh(const Key32& priv, const Key32& pub);
  lezpay::util::Status encryptAndHash(std::span<const std::uint8_t> plaintext, std::vector<std::uint8_t>& out);
  lezpay::util::Result<std::vector<std::uint8_t>> decryptAndHash(std::span<const std::uint8_t> ciphertext);

  bool initiator_;
  X25519KeyPair s_;
  X25519KeyPair e_;
  Key32 rs_{};
  Key32 re_{};
  Key32 h_{};
  Key32 ck_{};
  CipherState cipher_;
  int step_ = 0;
};

// HMAC-SHA256 based HKDF of the Noise spec with two outputs (MixKey and Split).
std::pair<Key32, Key32> noiseHkdf(const Key32& chainingKey, std::span<const std::uint8_t> ikm);

}  // namespace lezpay::libp2p
