#pragma once
// Stable error codes of the LEZ core library, one enum class per domain (STYLE.md "Errors").
// Every failure leaves lez::core as lezpay::util::Error{code, message}: `code` is toString() of
// one of these enumerators (the strings never change once released; callers and tests compare
// against them), `message` names the structure, field and byte or word offset
// ("Message.nonces[1]: truncated at byte 77: need 16 bytes, 3 left").

#include <optional>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"

namespace lez::core {

using lezpay::util::Error;
using lezpay::util::Result;
using lezpay::util::Status;

// Decoding of Borsh bytes, RISC Zero words and text forms (base58, hex, decimal).
enum class DecodeError {
  TRUNCATED,            // input ends inside a value
  TRAILING_BYTES,       // bytes (or words) left after a complete value
  OVERSIZE,             // a length or count above its named limit or above what the input can hold
  INVALID_PUBLIC_KEY,   // 32 bytes that are not a valid BIP-340 x-only public key
  INVALID_VARIANT,      // an enum or Option tag outside the declared variants
  UNSUPPORTED_VARIANT,  // a declared variant this implementation does not carry (PrivacyPreserving)
  INVALID_BOOL,         // a bool byte or word other than 0 or 1
  INVALID_UTF8,         // a String that is not well-formed UTF-8
  INVALID_VALUE,        // a value outside its type (u8 word above 255, non-zero string padding, ...)
  INVALID_BASE58,       // base58 text with a character outside the Bitcoin alphabet
  INVALID_HEX,          // hex text that is not an even number of hex digits (optional 0x)
  WRONG_LENGTH,         // a fixed-width value (account id, program id, digest) of another length
};

// Amount (u128) text.
enum class AmountError {
  INVALID_AMOUNT,   // empty, a non-digit, or a leading zero
  AMOUNT_OVERFLOW,  // above 2^128 - 1
};

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

std::string_view toString(DecodeError code);
std::string_view toString(AmountError code);
std::string_view toString(CryptoError code);
std::string_view toString(DerivationError code);
std::string_view toString(TransactionError code);

// Inverse of toString(DecodeError); nullopt for a string that is not one of its codes.
std::optional<DecodeError> decodeErrorFromString(std::string_view code);

Error makeError(DecodeError code, std::string message);
Error makeError(AmountError code, std::string message);
Error makeError(CryptoError code, std::string message);
Error makeError(DerivationError code, std::string message);
Error makeError(TransactionError code, std::string message);

// Returns `error` with "<context>: " prefixed to its message (code unchanged). Used by codecs to
// name the structure and field on the way out of a nested read.
Error withContext(Error error, std::string_view context);

}  // namespace lez::core
