#pragma once
// SHA-256 over a byte string (OpenSSL EVP). Internal to lezpay::eligibility.
#include <array>
#include <cstdint>
#include <span>

namespace eligibility::detail {

std::array<std::uint8_t, 32> sha256(std::span<const std::uint8_t> data);

}  // namespace eligibility::detail
