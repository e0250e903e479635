#pragma once
// Public-transaction Message (LEZ spec §4, §6). Borsh order: program_id (32 B) ‖
// account_ids: Vec<[u8;32]> ‖ nonces: Vec<u128> ‖ instruction_data: Vec<u32> (RISC Zero words,
// spec §10). nonces[i] belongs to witness i (not to account_ids[i]). Codec: message_codec.h.

#include <cstdint>
#include <vector>

#include "lez/core/account_id.h"
#include "lez/core/program_id.h"
#include "lez/core/u128.h"

namespace lez::core {

struct Message {
  ProgramId programId;
  std::vector<AccountId> accountIds;
  std::vector<Nonce> nonces;
  std::vector<std::uint32_t> instructionData;

  friend bool operator==(const Message&, const Message&) = default;
};

}  // namespace lez::core
