#pragma once
// The decode-error vocabulary shared by every pure decoder of the project (Borsh, RISC Zero words,
// base58, hex, decimal amounts, protobuf-shaped payloads): one enum class per domain, each code a
// stable string (toString) that callers and tests compare against and that never changes once
// released (STYLE.md "Errors"). Every failure leaves a decoder as Error{code, message}; `message`
// names the structure, field and byte or word offset ("Message.nonces[1]: truncated at byte 77").
// Pure: no I/O.

#include <optional>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"

namespace lezpay::util {

// Decoding of bytes, words and text forms (base58, hex, decimal).
enum class DecodeError {
  TRUNCATED,            // input ends inside a value
  TRAILING_BYTES,       // bytes (or words) left after a complete value
  OVERSIZE,             // a length or count above its named limit or above what the input can hold
  INVALID_PUBLIC_KEY,   // 32 bytes that are not a valid BIP-340 x-only public key
  INVALID_VARIANT,      // an enum or Option tag outside the declared variants
  UNSUPPORTED_VARIANT,  // a declared variant this implementation does not carry
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

std::string_view toString(DecodeError code);
std::string_view toString(AmountError code);

// Inverse of toString(DecodeError); nullopt for a string that is not one of its codes.
std::optional<DecodeError> decodeErrorFromString(std::string_view code);

Error makeError(DecodeError code, std::string message);
Error makeError(AmountError code, std::string message);

// Returns `error` with "<context>: " prefixed to its message (code unchanged). Used by codecs to
// name the structure and field on the way out of a nested read.
Error withContext(Error error, std::string_view context);

}  // namespace lezpay::util
