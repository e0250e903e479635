#pragma once
// Transactions (LEZ spec §4).
// - PublicTransaction = message ‖ witness_set.
// - ProgramDeploymentTransaction = { message: { bytecode: Vec<u8> } }, unsigned.
// - LeeTransaction, the Borsh enum carried by sendTransaction and blocks: 0 Public,
//   1 PrivacyPreserving (out of scope: never held; decoding it fails with UNSUPPORTED_VARIANT),
//   2 ProgramDeployment.
// Codec: transaction_codec.h. Hashes: hashing.h.

#include <cstdint>
#include <variant>
#include <vector>

#include "lez/core/message.h"
#include "lez/core/witness_set.h"

namespace lez::core {

struct PublicTransaction {
  Message message;
  WitnessSet witnessSet;

  friend bool operator==(const PublicTransaction&, const PublicTransaction&) = default;
};

struct ProgramDeploymentTransaction {
  std::vector<std::uint8_t> bytecode;

  friend bool operator==(const ProgramDeploymentTransaction&,
                         const ProgramDeploymentTransaction&) = default;
};

// Borsh variant indices of LeeTransaction.
enum class TransactionKind : std::uint8_t {
  Public = 0,
  PrivacyPreserving = 1,
  ProgramDeployment = 2,
};

struct LeeTransaction {
  std::variant<PublicTransaction, ProgramDeploymentTransaction> body;

  TransactionKind kind() const {
    return std::holds_alternative<PublicTransaction>(body) ? TransactionKind::Public
                                                           : TransactionKind::ProgramDeployment;
  }
  // The public transaction, or nullptr for another kind.
  const PublicTransaction* asPublic() const { return std::get_if<PublicTransaction>(&body); }
  const ProgramDeploymentTransaction* asProgramDeployment() const {
    return std::get_if<ProgramDeploymentTransaction>(&body);
  }

  friend bool operator==(const LeeTransaction&, const LeeTransaction&) = default;
};

}  // namespace lez::core
