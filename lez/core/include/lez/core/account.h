#pragma once
// Account record (LEZ spec §2, reference lee/state_machine/core/src/account.rs). Field order is
// the Borsh order: program_owner, balance, data, nonce. Codec: account_codec.h.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "lez/core/program_id.h"
#include "lez/core/u128.h"

namespace lez::core {

// Longest `data` an account may hold (100 KiB); a longer one fails decoding.
inline constexpr std::size_t kMaxAccountDataBytes = 102400;

struct Account {
  ProgramId programOwner;  // all zero = DEFAULT_PROGRAM_ID (unowned)
  Amount balance;
  std::vector<std::uint8_t> data;
  Nonce nonce;

  // Account::default(): zero owner, zero balance, empty data, nonce 0 ("uninitialized"; also
  // what reading an unknown id yields).
  bool isDefault() const {
    return programOwner.isDefault() && balance.isZero() && data.empty() && nonce.isZero();
  }

  friend bool operator==(const Account&, const Account&) = default;
};

}  // namespace lez::core
