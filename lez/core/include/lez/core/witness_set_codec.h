#pragma once
// Borsh codec of WitnessSet (LEZ spec §4).
//
// decodeWitnessSet: exactly one WitnessSet. Errors (prefixed "WitnessSet[i].<field>"):
// TRUNCATED, INVALID_PUBLIC_KEY (32 bytes that secp256k1_xonly_pubkey_parse rejects: the whole
// transaction is then undecodable, as in the reference), TRAILING_BYTES.

#include <cstdint>
#include <span>
#include <vector>

#include "lez/core/borsh.h"
#include "lez/core/witness_set.h"

namespace lez::core {

// Encoded size of one (Signature, PublicKey) pair.
inline constexpr std::size_t kWitnessEncodedBytes = 64 + 32;

std::vector<std::uint8_t> encode(const WitnessSet& witnessSet);
Result<WitnessSet> decodeWitnessSet(std::span<const std::uint8_t> bytes);

void writeWitnessSet(BorshWriter& w, const WitnessSet& witnessSet);
Result<WitnessSet> readWitnessSet(BorshReader& r);

}  // namespace lez::core
