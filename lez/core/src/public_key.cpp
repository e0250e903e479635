#include "lez/core/public_key.h"

#include <secp256k1_extrakeys.h>

#include "lezpay/util/hex.h"
#include "secp_context.h"

namespace lez::core {

Result<PublicKey> PublicKey::fromBytes(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != 32) {
    return makeError(DecodeError::WRONG_LENGTH,
                     "public key must be 32 bytes, got " + std::to_string(bytes.size()));
  }
  secp256k1_xonly_pubkey parsed;
  if (secp256k1_xonly_pubkey_parse(detail::secpContext(), &parsed, bytes.data()) != 1) {
    return makeError(DecodeError::INVALID_PUBLIC_KEY, "not a valid x-only secp256k1 public key");
  }
  Bytes b{};
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = bytes[i];
  return PublicKey(b);
}

Result<PublicKey> PublicKey::fromHex(std::string_view text) {
  auto bytes = lezpay::util::fromHex(text);
  if (!bytes.ok()) return makeError(DecodeError::INVALID_HEX, bytes.error().message);
  return fromBytes(bytes.value());
}

std::string PublicKey::toHex() const { return lezpay::util::toHex(bytes_); }

std::string Signature::toHex() const { return lezpay::util::toHex(bytes); }

Result<Signature> Signature::fromHex(std::string_view text) {
  auto decoded = lezpay::util::fromHex(text);
  if (!decoded.ok()) return makeError(DecodeError::INVALID_HEX, decoded.error().message);
  if (decoded.value().size() != 64) {
    return makeError(DecodeError::WRONG_LENGTH, "signature must be 64 bytes, got " +
                                                    std::to_string(decoded.value().size()));
  }
  Signature sig;
  for (std::size_t i = 0; i < 64; ++i) sig.bytes[i] = decoded.value()[i];
  return sig;
}

}  // namespace lez::core
