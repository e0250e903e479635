#pragma once
// SHA-256 over a byte string (OpenSSL EVP), shared by the codec libraries (message hashes, N8
// digests, signed-payload digests). Never fails for valid input: an OpenSSL failure (out of
// memory) is a broken invariant and aborts, since no caller could recover a hash from it.
#include <array>
#include <cstdint>
#include <span>

namespace lezpay::util {

std::array<std::uint8_t, 32> sha256(std::span<const std::uint8_t> data);

}  // namespace lezpay::util
