#pragma once
// AccountId (LEZ spec §1, §3): 32 bytes. Text forms: Bitcoin-alphabet base58 (the chain's
// JSON-RPC form; must decode to exactly 32 bytes) and 64 lowercase hex (the wallet module form).
//
// Contract:
// - fromBase58: DecodeError::INVALID_BASE58 for a bad character, WRONG_LENGTH when the text does
//   not decode to exactly 32 bytes. Round-trips: toBase58(fromBase58(t)) == t for accepted t.
// - fromHex: optional 0x, exactly 64 hex digits, no whitespace (callers trim at the boundary);
//   INVALID_HEX / WRONG_LENGTH.
// - publicAccountId(pk) = SHA256(`/LEE/v0.3/AccountId/Public/` zero-padded to 32 ‖ pk) (§3).
// PDAs are in pda.h.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "lez/core/errors.h"
#include "lez/core/public_key.h"

namespace lez::core {

class AccountId {
 public:
  using Bytes = std::array<std::uint8_t, 32>;

  constexpr AccountId() = default;
  constexpr explicit AccountId(const Bytes& bytes) : bytes_(bytes) {}

  // The 32 ASCII characters of `text` as the id (clock accounts, spec §9). Exactly 32 characters,
  // checked at compile time.
  static consteval AccountId fromAsciiLiteral(std::string_view text) {
    if (text.size() != 32) throw "ASCII account id must be 32 characters";
    Bytes b{};
    for (std::size_t i = 0; i < 32; ++i) b[i] = static_cast<std::uint8_t>(text[i]);
    return AccountId(b);
  }
  static Result<AccountId> fromBytes(std::span<const std::uint8_t> bytes);
  static Result<AccountId> fromBase58(std::string_view text);
  static Result<AccountId> fromHex(std::string_view text);

  constexpr const Bytes& bytes() const { return bytes_; }
  std::string toBase58() const;
  std::string toHex() const;

  friend constexpr bool operator==(const AccountId&, const AccountId&) = default;
  friend constexpr auto operator<=>(const AccountId&, const AccountId&) = default;

 private:
  Bytes bytes_{};
};

// The account id of a signer (spec §3 "Public account").
AccountId publicAccountId(const PublicKey& publicKey);

}  // namespace lez::core
