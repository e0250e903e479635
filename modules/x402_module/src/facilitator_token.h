#pragma once
// The facilitator's bearer credential (docs/protocol.md "Facilitator authentication"): POST
// /verify and /settle move or judge a payer's money, so only the merchant holding the token may
// call them. The token is 32 random bytes as 64 lowercase hex, kept in a 0600 file that the
// facilitator creates on first start and the merchant reads. The token never appears in a log,
// an operation's answer or argv: only the file's path does.

#include <string>
#include <string_view>

#include "lezpay/util/result.h"

namespace x402mod {

// Reads the token at `path`, creating the file (0600, atomically) with a fresh random token when
// it does not exist. Errors: IO_ERROR, or INVALID_CONFIG when the file holds no 64-hex token.
lezpay::util::Result<std::string> loadOrCreateFacilitatorToken(const std::string& path);

// Reads an existing token file (the merchant's side). Errors: NOT_FOUND, IO_ERROR, INVALID_CONFIG.
lezpay::util::Result<std::string> readFacilitatorToken(const std::string& path);

// The token in a token file's text (facilitator_token_text.cpp, pure for the fuzz target
// fuzz/x402_state_files.cpp): 64 lowercase hex, trailing newline, CR and spaces ignored.
// INVALID_CONFIG naming `path` otherwise.
lezpay::util::Result<std::string> facilitatorTokenFromText(const std::string& path, const std::string& text);

// True when `authorizationHeader` is exactly "Bearer <token>" (scheme case-insensitive). The
// token comparison takes the same time wherever the first difference is.
bool bearerMatches(std::string_view authorizationHeader, std::string_view token);

}  // namespace x402mod
