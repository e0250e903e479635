#include "lez/core/errors.h"

#include <array>
#include <utility>

namespace lez::core {
namespace {

template <typename E, std::size_t N>
std::string_view lookup(const std::array<std::pair<E, std::string_view>, N>& table, E code) {
  for (const auto& [c, name] : table) {
    if (c == code) return name;
  }
  return "UNKNOWN";  // unreachable for a valid enumerator
}

constexpr std::array<std::pair<CryptoError, std::string_view>, 5> kCrypto{{
    {CryptoError::INVALID_SECRET_KEY, "INVALID_SECRET_KEY"},
    {CryptoError::INVALID_PUBLIC_KEY, "INVALID_PUBLIC_KEY"},
    {CryptoError::INVALID_SIGNATURE, "INVALID_SIGNATURE"},
    {CryptoError::RANDOMNESS_UNAVAILABLE, "RANDOMNESS_UNAVAILABLE"},
    {CryptoError::SIGNING_FAILED, "SIGNING_FAILED"},
}};

constexpr std::array<std::pair<DerivationError, std::string_view>, 2> kDerivation{{
    {DerivationError::SEED_TOO_LONG, "SEED_TOO_LONG"},
    {DerivationError::NO_SEEDS, "NO_SEEDS"},
}};

constexpr std::array<std::pair<TransactionError, std::string_view>, 1> kTransaction{{
    {TransactionError::SIGNER_COUNT_MISMATCH, "SIGNER_COUNT_MISMATCH"},
}};

}  // namespace

std::string_view toString(CryptoError code) { return lookup(kCrypto, code); }
std::string_view toString(DerivationError code) { return lookup(kDerivation, code); }
std::string_view toString(TransactionError code) { return lookup(kTransaction, code); }

Error makeError(CryptoError code, std::string message) {
  return lezpay::util::makeError(std::string(toString(code)), std::move(message));
}
Error makeError(DerivationError code, std::string message) {
  return lezpay::util::makeError(std::string(toString(code)), std::move(message));
}
Error makeError(TransactionError code, std::string message) {
  return lezpay::util::makeError(std::string(toString(code)), std::move(message));
}

}  // namespace lez::core
