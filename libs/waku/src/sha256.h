#pragma once
// SHA-256 over a byte string (OpenSSL EVP). Internal to lezpay::waku.
#include <array>
#include <cstdint>
#include <span>

namespace waku::detail {

std::array<std::uint8_t, 32> sha256(std::span<const std::uint8_t> data);

}  // namespace waku::detail
