#include "lezpay/libp2p/noise_handshake_state.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <string_view>

#include "lezpay/libp2p/error.h"

namespace lezpay::libp2p {
namespace {

constexpr std::string_view kProtocolName = "Noise_XX_25519_ChaChaPoly_SHA256";
static_assert(kProtocolName.size() == 32, "a 32-byte name is used as h unhashed");

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

Key32 hmacSha256(const Key32& key, std::span<const std::uint8_t> a, std::span<const std::uint8_t> b = {}) {
  // HMAC over a ‖ b without concatenating (the second part is at most one byte here).
  std::vector<std::uint8_t> data(a.begin(), a.end());
  data.insert(data.end(), b.begin(), b.end());
  Key32 out{};
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data.data(), data.size(), out.data(), &len) == nullptr ||
      len != out.size()) {
    std::abort();  // HMAC-SHA256 cannot fail on valid input; out of memory is not recoverable here
  }
  return out;
}

std::array<std::uint8_t, 12> nonceBytes(std::uint64_t n) {
  std::array<std::uint8_t, 12> iv{};
  for (int i = 0; i < 8; ++i) iv[4 + i] = static_cast<std::uint8_t>(n >> (8 * i));
  return iv;
}

lezpay::util::Status aead(bool encrypt, const Key32& key, std::uint64_t n, std::span<const std::uint8_t> ad,
                          std::span<const std::uint8_t> in, std::vector<std::uint8_t>& out) {
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
  const auto iv = nonceBytes(n);
  if (!ctx || EVP_CipherInit_ex(ctx.get(), EVP_chacha20_poly1305(), nullptr, key.data(), iv.data(), encrypt ? 1 : 0) != 1) {
    return makeError(ErrorCode::CRYPTO_FAILURE, "OpenSSL could not set up ChaCha20-Poly1305");
  }
  int len = 0;
  if (!ad.empty() && EVP_CipherUpdate(ctx.get(), nullptr, &len, ad.data(), static_cast<int>(ad.size())) != 1) {
    return makeError(ErrorCode::CRYPTO_FAILURE, "OpenSSL refused the associated data");
  }
  const std::size_t body = encrypt ? in.size() : in.size() - kNoiseTagBytes;
  const std::size_t base = out.size();
  out.resize(base + body + (encrypt ? kNoiseTagBytes : 0));
  if (body > 0 && EVP_CipherUpdate(ctx.get(), out.data() + base, &len, in.data(), static_cast<int>(body)) != 1) {
    out.resize(base);
    return makeError(ErrorCode::CRYPTO_FAILURE, "OpenSSL refused the ChaCha20-Poly1305 input");
  }
  if (encrypt) {
    if (EVP_CipherFinal_ex(ctx.get(), out.data() + base + body, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, kNoiseTagBytes, out.data() + base + body) != 1) {
      out.resize(base);
      return makeError(ErrorCode::CRYPTO_FAILURE, "OpenSSL could not finish ChaCha20-Poly1305");
    }
    return lezpay::util::okStatus();
  }
  std::array<std::uint8_t, kNoiseTagBytes> tag{};
  std::copy(in.end() - kNoiseTagBytes, in.end(), tag.begin());
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, kNoiseTagBytes, tag.data()) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), out.data() + base + body, &len) != 1) {
    OPENSSL_cleanse(out.data() + base, body);
    out.resize(base);
    return makeError(ErrorCode::NOISE_DECRYPT_FAILED, "a Noise message failed authentication (tampered, or keys disagree)");
  }
  return lezpay::util::okStatus();
}

lezpay::util::Result<Key32> x25519(const Key32& priv, const Key32& pub) {
  std::unique_ptr<EVP_PKEY, PkeyFree> local(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, priv.data(), priv.size()));
  std::unique_ptr<EVP_PKEY, PkeyFree> remote(EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, pub.data(), pub.size()));
  if (!local || !remote) return makeError(ErrorCode::CRYPTO_FAILURE, "OpenSSL could not load an X25519 key");
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new(local.get(), nullptr));
  Key32 out{};
  std::size_t len = out.size();
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer(ctx.get(), remote.get()) != 1) {
    return makeError(ErrorCode::CRYPTO_FAILURE, "OpenSSL could not set up X25519");
  }
  // OpenSSL refuses an all-zero shared secret: the remote key is a low-order point.
  if (EVP_PKEY_derive(ctx.get(), out.data(), &len) != 1 || len != out.size()) {
    return makeError(ErrorCode::NOISE_MALFORMED_MESSAGE, "the remote X25519 key is a low-order point");
  }
  return out;
}

}  // namespace

lezpay::util::Result<X25519KeyPair> X25519KeyPair::fromPrivate(std::span<const std::uint8_t, 32> privateKey) {
  std::unique_ptr<EVP_PKEY, PkeyFree> key(
      EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, privateKey.data(), privateKey.size()));
  X25519KeyPair pair;
  std::size_t len = pair.publicKey.size();
  if (!key || EVP_PKEY_get_raw_public_key(key.get(), pair.publicKey.data(), &len) != 1 || len != 32) {
    return makeError(ErrorCode::CRYPTO_FAILURE, "OpenSSL could not derive an X25519 public key");
  }
  std::copy(privateKey.begin(), privateKey.end(), pair.privateKey.begin());
  return pair;
}

std::pair<Key32, Key32> noiseHkdf(const Key32& chainingKey, std::span<const std::uint8_t> ikm) {
  const Key32 temp = hmacSha256(chainingKey, ikm);
  const std::uint8_t one = 0x01;
  const std::uint8_t two = 0x02;
  const Key32 out1 = hmacSha256(temp, std::span<const std::uint8_t>(&one, 1));
  const Key32 out2 = hmacSha256(temp, out1, std::span<const std::uint8_t>(&two, 1));
  return {out1, out2};
}

lezpay::util::Status CipherState::encryptAppend(std::span<const std::uint8_t> plaintext, std::vector<std::uint8_t>& out) {
  if (!hasKey_) {
    out.insert(out.end(), plaintext.begin(), plaintext.end());
    return lezpay::util::okStatus();
  }
  if (n_ == std::numeric_limits<std::uint64_t>::max()) {
    return makeError(ErrorCode::NOISE_NONCE_EXHAUSTED, "2^64-1 Noise messages were sent on one key; the session must close");
  }
  auto s = aead(true, key_, n_, {}, plaintext, out);
  if (s.ok()) ++n_;
  return s;
}

lezpay::util::Status CipherState::decryptAppend(std::span<const std::uint8_t> ciphertext, std::vector<std::uint8_t>& out) {
  if (!hasKey_) {
    out.insert(out.end(), ciphertext.begin(), ciphertext.end());
    return lezpay::util::okStatus();
  }
  if (ciphertext.size() < kNoiseTagBytes) {
    return makeError(ErrorCode::NOISE_MALFORMED_MESSAGE, "a Noise ciphertext is shorter than its 16-byte tag");
  }
  if (n_ == std::numeric_limits<std::uint64_t>::max()) {
    return makeError(ErrorCode::NOISE_NONCE_EXHAUSTED, "2^64-1 Noise messages were received on one key; the session must close");
  }
  auto s = aead(false, key_, n_, {}, ciphertext, out);
  if (s.ok()) ++n_;
  return s;
}

lezpay::util::Result<std::vector<std::uint8_t>> CipherState::encryptWithAd(std::span<const std::uint8_t> ad,
                                                                           std::span<const std::uint8_t> plaintext) {
  std::vector<std::uint8_t> out;
  if (!hasKey_) return std::vector<std::uint8_t>(plaintext.begin(), plaintext.end());
  if (n_ == std::numeric_limits<std::uint64_t>::max()) {
    return makeError(ErrorCode::NOISE_NONCE_EXHAUSTED, "2^64-1 Noise messages were sent on one key; the session must close");
  }
  auto s = aead(true, key_, n_, ad, plaintext, out);
  if (!s.ok()) return s.error();
  ++n_;
  return out;
}

lezpay::util::Result<std::vector<std::uint8_t>> CipherState::decryptWithAd(std::span<const std::uint8_t> ad,
                                                                           std::span<const std::uint8_t> ciphertext) {
  if (!hasKey_) return std::vector<std::uint8_t>(ciphertext.begin(), ciphertext.end());
  if (ciphertext.size() < kNoiseTagBytes) {
    return makeError(ErrorCode::NOISE_MALFORMED_MESSAGE, "a Noise ciphertext is shorter than its 16-byte tag");
  }
  if (n_ == std::numeric_limits<std::uint64_t>::max()) {
    return makeError(ErrorCode::NOISE_NONCE_EXHAUSTED, "2^64-1 Noise messages were received on one key; the session must close");
  }
  std::vector<std::uint8_t> out;
  auto s = aead(false, key_, n_, ad, ciphertext, out);
  if (!s.ok()) return s.error();
  ++n_;
  return out;
}

NoiseXXHandshakeState::NoiseXXHandshakeState(bool initiator, std::span<const std::uint8_t> prologue,
                                             const X25519KeyPair& staticKey, const X25519KeyPair& ephemeralKey)
    : initiator_(initiator), s_(staticKey), e_(ephemeralKey) {
  std::memcpy(h_.data(), kProtocolName.data(), h_.size());
  ck_ = h_;
  mixHash(prologue);
}

void NoiseXXHandshakeState::mixHash(std::span<const std::uint8_t> data) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  unsigned int len = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 || EVP_DigestUpdate(ctx.get(), h_.data(), h_.size()) != 1 ||
      (!data.empty() && EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1) ||
      EVP_DigestFinal_ex(ctx.get(), h_.data(), &len) != 1) {
    std::abort();  // SHA-256 cannot fail on valid input
  }
}

lezpay::util::Status NoiseXXHandshakeState::mixKey(std::span<const std::uint8_t> ikm) {
  auto [ck, k] = noiseHkdf(ck_, ikm);
  ck_ = ck;
  cipher_ = CipherState(k);
  OPENSSL_cleanse(k.data(), k.size());
  return lezpay::util::okStatus();
}

lezpay::util::Status NoiseXXHandshakeState::mixDh(const Key32& priv, const Key32& pub) {
  auto shared = x25519(priv, pub);
  if (!shared.ok()) return shared.error();
  auto s = mixKey(*shared);
  OPENSSL_cleanse(shared.value().data(), 32);
  return s;
}

lezpay::util::Status NoiseXXHandshakeState::encryptAndHash(std::span<const std::uint8_t> plaintext, std::vector<std::uint8_t>& out) {
  auto c = cipher_.encryptWithAd(h_, plaintext);
  if (!c.ok()) return c.error();
  mixHash(*c);
  out.insert(out.end(), c->begin(), c->end());
  return lezpay::util::okStatus();
}

lezpay::util::Result<std::vector<std::uint8_t>> NoiseXXHandshakeState::decryptAndHash(std::span<const std::uint8_t> ciphertext) {
  auto p = cipher_.decryptWithAd(h_, ciphertext);
  if (!p.ok()) return p.error();
  mixHash(ciphertext);
  return p;
}

lezpay::util::Result<std::vector<std::uint8_t>> NoiseXXHandshakeState::writeMessage(std::span<const std::uint8_t> payload) {
  const bool ourTurn = (step_ == 0 || step_ == 2) == initiator_ && step_ < 3;
  if (!ourTurn) return makeError(ErrorCode::NOISE_MALFORMED_MESSAGE, "it is not this side's turn to write a Noise handshake message");
  std::vector<std::uint8_t> out;
  if (step_ == 0) {
    out.insert(out.end(), e_.publicKey.begin(), e_.publicKey.end());
    mixHash(e_.publicKey);
  } else if (step_ == 1) {
    out.insert(out.end(), e_.publicKey.begin(), e_.publicKey.end());
    mixHash(e_.publicKey);
    if (auto s = mixDh(e_.privateKey, re_); !s.ok()) return s.error();
    if (auto s = encryptAndHash(s_.publicKey, out); !s.ok()) return s.error();
    if (auto s = mixDh(s_.privateKey, re_); !s.ok()) return s.error();
  } else {
    if (auto s = encryptAndHash(s_.publicKey, out); !s.ok()) return s.error();
    if (auto s = mixDh(s_.privateKey, re_); !s.ok()) return s.error();
  }
  if (auto s = encryptAndHash(payload, out); !s.ok()) return s.error();
  if (out.size() > kNoiseMaxMessageBytes) {
    return makeError(ErrorCode::NOISE_FRAME_TOO_LARGE, "a Noise handshake message is above 65535 bytes");
  }
  ++step_;
  return out;
}

lezpay::util::Result<std::vector<std::uint8_t>> NoiseXXHandshakeState::readMessage(std::span<const std::uint8_t> message) {
  const bool theirTurn = step_ < 3 && (step_ == 1) == initiator_;
  if (!theirTurn) return makeError(ErrorCode::NOISE_MALFORMED_MESSAGE, "a Noise handshake message arrived out of turn");
  if (message.size() > kNoiseMaxMessageBytes) {
    return makeError(ErrorCode::NOISE_MALFORMED_MESSAGE, "a Noise handshake message is above 65535 bytes");
  }
  static constexpr std::size_t kMinimum[3] = {32, 32 + 48 + 16, 48 + 16};
  if (message.size() < kMinimum[step_]) {
    return makeError(ErrorCode::NOISE_MALFORMED_MESSAGE, "Noise handshake message " + std::string(1, static_cast<char>('A' + step_)) +
                                                             " is " + std::to_string(message.size()) + " bytes, below the " +
                                                             std::to_string(kMinimum[step_]) + " its keys need");
  }
  std::span<const std::uint8_t> rest = message;
  if (step_ == 0 || step_ == 1) {
    std::copy(rest.begin(), rest.begin() + 32, re_.begin());
    mixHash(re_);
    rest = rest.subspan(32);
  }
  if (step_ == 1) {
    if (auto s = mixDh(e_.privateKey, re_); !s.ok()) return s.error();
  }
  if (step_ == 1 || step_ == 2) {
    auto rs = decryptAndHash(rest.first(48));
    if (!rs.ok()) return rs.error();
    std::copy(rs->begin(), rs->end(), rs_.begin());
    rest = rest.subspan(48);
    // es for the initiator reading message B, se for the responder reading message C.
    if (auto s = mixDh(e_.privateKey, rs_); !s.ok()) return s.error();
  }
  auto payload = decryptAndHash(rest);
  if (!payload.ok()) return payload.error();
  ++step_;
  return payload;
}

std::pair<CipherState, CipherState> NoiseXXHandshakeState::split() const {
  auto [k1, k2] = noiseHkdf(ck_, {});
  if (initiator_) return {CipherState(k1), CipherState(k2)};
  return {CipherState(k2), CipherState(k1)};
}

}  // namespace lezpay::libp2p
