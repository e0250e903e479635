#pragma once
// Building, signing and checking public transactions (LEZ spec §5, §6, §7 "Stateless check").
//
// Contract:
// - makeMessage assembles a Message; account_ids order is the message order.
// - signTransaction signs messageDigest(message) with each key in order: witness i is
//   (sign(keys[i]), keys[i].publicKey()) and belongs to nonces[i]. keys.size() must equal
//   message.nonces.size() (TransactionError::SIGNER_COUNT_MISMATCH otherwise). The pure overload
//   takes one aux value per key (same count, else SIGNER_COUNT_MISMATCH); the other draws aux
//   from RAND_bytes (CryptoError::RANDOMNESS_UNAVAILABLE). Zero keys and zero nonces give the
//   signer-less transaction of the clock (spec §9).
// - verifyWitnesses checks that every witness signature verifies over the message digest; the
//   first failing witness is named: CryptoError::INVALID_SIGNATURE "witness 2: ...". It does not
//   compare counts or nonces (that is execution-time validation, spec §7 step 1).
// - signerAccountIds: the AccountId of each witness public key, in witness order (spec §6).

#include <cstdint>
#include <span>
#include <vector>

#include "lez/core/errors.h"
#include "lez/core/schnorr.h"
#include "lez/core/transaction.h"

namespace lez::core {

Message makeMessage(const ProgramId& programId, std::vector<AccountId> accountIds,
                    std::vector<Nonce> nonces, std::vector<std::uint32_t> instructionData);

Result<PublicTransaction> signTransaction(Message message, std::span<const SecretKey> keys,
                                          std::span<const AuxRand> auxRands);
Result<PublicTransaction> signTransaction(Message message, std::span<const SecretKey> keys);

// makeMessage + signTransaction (aux from RAND_bytes).
Result<PublicTransaction> buildPublicTransaction(const ProgramId& programId,
                                                 std::vector<AccountId> accountIds,
                                                 std::vector<Nonce> nonces,
                                                 std::vector<std::uint32_t> instructionData,
                                                 std::span<const SecretKey> keys);

Status verifyWitnesses(const PublicTransaction& tx);

std::vector<AccountId> signerAccountIds(const PublicTransaction& tx);

}  // namespace lez::core
