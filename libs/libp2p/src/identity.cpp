#include "lezpay/libp2p/identity.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <secp256k1.h>

#include <memory>
#include <string>

#include "lezpay/libp2p/error.h"
#include "lezpay/util/sha256.h"

namespace lezpay::libp2p {
namespace {

// One context for signing and verification, created on first use and read-only afterwards
// (libsecp256k1 contexts are safe to share for const operations).
const secp256k1_context* secp() {
  static secp256k1_context* const ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  return ctx;
}

lezpay::util::Status verifySecp256k1(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message,
                                     std::span<const std::uint8_t> signature) {
  secp256k1_pubkey pub;
  if (key.size() != kSecp256k1PublicKeyBytes || secp256k1_ec_pubkey_parse(secp(), &pub, key.data(), key.size()) != 1) {
    return makeError(ErrorCode::INVALID_KEY, "the secp256k1 identity key is not a 33-byte compressed curve point");
  }
  secp256k1_ecdsa_signature sig;
  if (signature.empty() || signature.size() > 72 ||
      secp256k1_ecdsa_signature_parse_der(secp(), &sig, signature.data(), signature.size()) != 1) {
    return makeError(ErrorCode::INVALID_SIGNATURE, "the secp256k1 signature is not a DER-encoded ECDSA signature");
  }
  const auto digest = lezpay::util::sha256(message);
  // secp256k1_ecdsa_verify refuses high-S signatures, as js (noble) and nim do.
  if (secp256k1_ecdsa_verify(secp(), &sig, digest.data(), &pub) != 1) {
    return makeError(ErrorCode::INVALID_SIGNATURE, "the secp256k1 signature does not verify (or is not low-S)");
  }
  return lezpay::util::okStatus();
}

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

lezpay::util::Status verifyEd25519(std::span<const std::uint8_t> key, std::span<const std::uint8_t> message,
                                   std::span<const std::uint8_t> signature) {
  if (key.size() != kEd25519PublicKeyBytes) {
    return makeError(ErrorCode::INVALID_KEY, "an Ed25519 identity key is 32 bytes, got " + std::to_string(key.size()));
  }
  if (signature.size() != 64) {
    return makeError(ErrorCode::INVALID_SIGNATURE, "an Ed25519 signature is 64 bytes, got " + std::to_string(signature.size()));
  }
  std::unique_ptr<EVP_PKEY, PkeyFree> pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size()));
  if (!pkey) return makeError(ErrorCode::INVALID_KEY, "the Ed25519 identity key is not a valid point");
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) {
    return makeError(ErrorCode::CRYPTO_FAILURE, "OpenSSL could not set up Ed25519 verification");
  }
  if (EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) != 1) {
    return makeError(ErrorCode::INVALID_SIGNATURE, "the Ed25519 signature does not verify");
  }
  return lezpay::util::okStatus();
}

}  // namespace

lezpay::util::Result<Secp256k1Identity> Secp256k1Identity::fromSecret(std::span<const std::uint8_t> secret) {
  if (secret.size() != 32 || secp256k1_ec_seckey_verify(secp(), secret.data()) != 1) {
    return makeError(ErrorCode::INVALID_KEY, "a secp256k1 secret is 32 bytes, not zero and below the curve order");
  }
  secp256k1_pubkey pub;
  if (secp256k1_ec_pubkey_create(secp(), &pub, secret.data()) != 1) {
    return makeError(ErrorCode::INVALID_KEY, "could not derive a public key from the secp256k1 secret");
  }
  Secp256k1Identity id;
  std::copy(secret.begin(), secret.end(), id.secret_.begin());
  id.public_.type = KeyType::SECP256K1;
  id.public_.data.resize(kSecp256k1PublicKeyBytes);
  std::size_t len = id.public_.data.size();
  secp256k1_ec_pubkey_serialize(secp(), id.public_.data.data(), &len, &pub, SECP256K1_EC_COMPRESSED);
  return id;
}

Secp256k1Identity::~Secp256k1Identity() { OPENSSL_cleanse(secret_.data(), secret_.size()); }

std::vector<std::uint8_t> Secp256k1Identity::sign(std::span<const std::uint8_t> message) const {
  const auto digest = lezpay::util::sha256(message);
  secp256k1_ecdsa_signature sig;
  // Cannot fail for a verified secret and the default nonce function.
  if (secp256k1_ecdsa_sign(secp(), &sig, digest.data(), secret_.data(), nullptr, nullptr) != 1) std::abort();
  std::vector<std::uint8_t> der(72);
  std::size_t len = der.size();
  secp256k1_ecdsa_signature_serialize_der(secp(), der.data(), &len, &sig);
  der.resize(len);
  return der;
}

lezpay::util::Status verifySignature(const PublicKey& key, std::span<const std::uint8_t> message,
                                     std::span<const std::uint8_t> signature) {
  switch (key.type) {
    case KeyType::SECP256K1:
      return verifySecp256k1(key.data, message, signature);
    case KeyType::ED25519:
      return verifyEd25519(key.data, message, signature);
    case KeyType::RSA:
    case KeyType::ECDSA:
      break;
  }
  return makeError(ErrorCode::UNSUPPORTED_KEY_TYPE, "only secp256k1 and Ed25519 identity keys are verified");
}

}  // namespace lezpay::libp2p
