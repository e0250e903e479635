#include "lez/core/account_id.h"

#include "lez/core/base58.h"
#include "lez/core/sha256.h"
#include "lezpay/util/hex.h"

namespace lez::core {

Result<AccountId> AccountId::fromBytes(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != 32) {
    return makeError(DecodeError::WRONG_LENGTH,
                     "account id must be 32 bytes, got " + std::to_string(bytes.size()));
  }
  Bytes b{};
  for (std::size_t i = 0; i < 32; ++i) b[i] = bytes[i];
  return AccountId(b);
}

Result<AccountId> AccountId::fromBase58(std::string_view text) {
  auto bytes = base58Decode(text);
  if (!bytes.ok()) return bytes.error();
  if (bytes.value().size() != 32) {
    return makeError(DecodeError::WRONG_LENGTH, "base58 account id must decode to 32 bytes, got " +
                                                    std::to_string(bytes.value().size()));
  }
  return fromBytes(bytes.value());
}

Result<AccountId> AccountId::fromHex(std::string_view text) {
  auto bytes = lezpay::util::fromHex(text);
  if (!bytes.ok()) return makeError(DecodeError::INVALID_HEX, bytes.error().message);
  return fromBytes(bytes.value());
}

std::string AccountId::toBase58() const { return base58Encode(bytes_); }

std::string AccountId::toHex() const { return lezpay::util::toHex(bytes_); }

AccountId publicAccountId(const PublicKey& publicKey) {
  Sha256 h;
  h.update(kPublicAccountIdPrefix).update(publicKey.bytes());
  return AccountId(h.finish());
}

}  // namespace lez::core
