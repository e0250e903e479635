#pragma once
// SHA-256 (OpenSSL EVP) and the 32-byte domain prefixes of LEZ hashing (spec §3, §5).
//
// Contract: sha256() and Sha256 never fail for valid inputs; an OpenSSL failure (out of memory)
// is a contract failure and aborts, since no caller could recover a hash from it.
// domainPrefix32("text") is the ASCII text right-padded with zero bytes to 32 bytes; the text
// must be at most 32 characters (checked at compile time for constants).

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace lez::core {

// HashType of the spec: tx hashes, block hashes, message digests. Text form: 64 lowercase hex.
using Hash32 = std::array<std::uint8_t, 32>;

Hash32 sha256(std::span<const std::uint8_t> data);

// 64 lowercase hex digits of a hash.
std::string hashToHex(const Hash32& hash);

// Incremental SHA-256 for prefix ‖ data without concatenating.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Sha256& update(std::span<const std::uint8_t> data);
  // Returns the digest; the object must not be updated afterwards.
  Hash32 finish();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

consteval std::array<std::uint8_t, 32> domainPrefix32(std::string_view text) {
  if (text.size() > 32) throw "domain prefix longer than 32 bytes";
  std::array<std::uint8_t, 32> out{};
  for (std::size_t i = 0; i < text.size(); ++i) out[i] = static_cast<std::uint8_t>(text[i]);
  return out;
}

// Spec §3 and §5 prefixes (ASCII, zero-padded to 32 bytes). Note PDA says v0.2 on purpose.
inline constexpr auto kPublicAccountIdPrefix = domainPrefix32("/LEE/v0.3/AccountId/Public/");
inline constexpr auto kPublicPdaPrefix = domainPrefix32("/LEE/v0.2/AccountId/PDA/");
inline constexpr auto kPublicMessagePrefix = domainPrefix32("/LEE/v0.3/Message/Public/");
inline constexpr auto kBlockMessagePrefix = domainPrefix32("/LEE/v0.3/Message/Block/");

}  // namespace lez::core
