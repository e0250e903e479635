#pragma once
// Stable error codes of the LEZ core library, one enum class per domain (STYLE.md "Errors").
// Every failure leaves lez::core as lezpay::util::Error{code, message}: `code` is toString() of
// one of these enumerators (the strings never change once released; callers and tests compare
// against them), `message` names the structure, field and byte or word offset
// ("Message.nonces[1]: truncated at byte 77: need 16 bytes, 3 left").

#include <optional>
#include <string>
#include <string_view>

#include "lezpay/util/decode_error.h"
#include "lezpay/util/result.h"

namespace lez::core {

using lezpay::util::Error;
using lezpay::util::Result;
using lezpay::util::Status;

// The decode and amount vocabularies are shared with the libraries below LEZ
// (lezpay/util/decode_error.h); lez::core uses them under its own name.
using lezpay::util::AmountError;
using lezpay::util::DecodeError;
using lezpay::util::decodeErrorFromString;
using lezpay::util::makeError;
using lezpay::util::toString;
using lezpay::util::withContext;

// Keys and signatures (BIP-340 over secp256k1).
enum class CryptoError {
  INVALID_SECRET_KEY,      // zero or not below the curve order
  INVALID_PUBLIC_KEY,      // not a valid x-only point
  INVALID_SIGNATURE,       // a signature that does not verify
  RANDOMNESS_UNAVAILABLE,  // the OpenSSL CSPRNG failed
  SIGNING_FAILED,          // libsecp256k1 refused to sign (never expected with a valid key)
};

// Account-id / PDA derivation inputs (LEZ spec §3).
enum class DerivationError {
  SEED_TOO_LONG,  // a string seed above 32 bytes
  NO_SEEDS,       // a multi-seed PDA with zero seeds
};

// Building and checking transactions.
enum class TransactionError {
  SIGNER_COUNT_MISMATCH,  // number of secret keys (or aux values) differs from number of nonces
};

std::string_view toString(CryptoError code);
std::string_view toString(DerivationError code);
std::string_view toString(TransactionError code);

Error makeError(CryptoError code, std::string message);
Error makeError(DerivationError code, std::string message);
Error makeError(TransactionError code, std::string message);

}  // namespace lez::core
