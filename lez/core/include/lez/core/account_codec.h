#pragma once
// Borsh codec of Account (LEZ spec §2, §4): program_owner (32 B) ‖ balance u128 ‖ data Vec<u8>
// ‖ nonce u128.
//
// decodeAccount: the whole input must be exactly one Account. Errors (code, message prefixed
// "Account.<field>"): TRUNCATED, OVERSIZE (data above kMaxAccountDataBytes), TRAILING_BYTES.
// encode does not check the data limit; callers that build accounts keep data within it.

#include <cstdint>
#include <span>
#include <vector>

#include "lez/core/account.h"
#include "lez/core/borsh.h"

namespace lez::core {

std::vector<std::uint8_t> encode(const Account& account);
Result<Account> decodeAccount(std::span<const std::uint8_t> bytes);

// Building blocks for enclosing structures.
void writeAccount(BorshWriter& w, const Account& account);
Result<Account> readAccount(BorshReader& r);

}  // namespace lez::core
