#pragma once
// Borsh codecs of PublicTransaction, ProgramDeploymentTransaction and LeeTransaction (LEZ spec
// §4). `encode(PublicTransaction)` is the bare struct (no variant byte): the tx-hash preimage
// (spec §5). `encode(LeeTransaction)` starts with the variant byte: the sendTransaction payload
// before base64 (spec §11).
//
// Decoders consume exactly one value. Errors: TRUNCATED, TRAILING_BYTES, INVALID_PUBLIC_KEY
// (a witness key), INVALID_VARIANT (LeeTransaction index above 2), UNSUPPORTED_VARIANT (index 1,
// PrivacyPreserving: out of scope). Messages name the structure and field.

#include <cstdint>
#include <span>
#include <vector>

#include "lez/core/borsh.h"
#include "lez/core/transaction.h"

namespace lez::core {

// Smallest encoded LeeTransaction (variant byte + an empty ProgramDeployment bytecode count);
// bounds Vec<LeeTransaction> counts before allocating.
inline constexpr std::size_t kMinLeeTransactionBytes = 1 + 4;

std::vector<std::uint8_t> encode(const PublicTransaction& tx);
Result<PublicTransaction> decodePublicTransaction(std::span<const std::uint8_t> bytes);

std::vector<std::uint8_t> encode(const ProgramDeploymentTransaction& tx);
Result<ProgramDeploymentTransaction> decodeProgramDeploymentTransaction(
    std::span<const std::uint8_t> bytes);

std::vector<std::uint8_t> encode(const LeeTransaction& tx);
Result<LeeTransaction> decodeLeeTransaction(std::span<const std::uint8_t> bytes);

void writePublicTransaction(BorshWriter& w, const PublicTransaction& tx);
Result<PublicTransaction> readPublicTransaction(BorshReader& r);
void writeProgramDeploymentTransaction(BorshWriter& w, const ProgramDeploymentTransaction& tx);
Result<ProgramDeploymentTransaction> readProgramDeploymentTransaction(BorshReader& r);
void writeLeeTransaction(BorshWriter& w, const LeeTransaction& tx);
Result<LeeTransaction> readLeeTransaction(BorshReader& r);

}  // namespace lez::core
