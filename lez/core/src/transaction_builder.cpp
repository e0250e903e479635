#include "lez/core/transaction_builder.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "lez/core/hashing.h"

namespace lez::core {
namespace {

Status checkCount(std::size_t keys, std::size_t nonces) {
  if (keys != nonces) {
    return makeError(TransactionError::SIGNER_COUNT_MISMATCH,
                     std::to_string(keys) + " signing keys for " + std::to_string(nonces) +
                         " nonces; each witness owns one nonce");
  }
  return lezpay::util::okStatus();
}

}  // namespace

Message makeMessage(const ProgramId& programId, std::vector<AccountId> accountIds,
                    std::vector<Nonce> nonces, std::vector<std::uint32_t> instructionData) {
  return Message{programId, std::move(accountIds), std::move(nonces), std::move(instructionData)};
}

Result<PublicTransaction> signTransaction(Message message, std::span<const SecretKey> keys,
                                          std::span<const AuxRand> auxRands) {
  if (auto st = checkCount(keys.size(), message.nonces.size()); !st.ok()) return st.error();
  if (auxRands.size() != keys.size()) {
    return makeError(TransactionError::SIGNER_COUNT_MISMATCH,
                     std::to_string(auxRands.size()) + " aux values for " +
                         std::to_string(keys.size()) + " signing keys");
  }
  const Hash32 digest = messageDigest(message);
  PublicTransaction tx{std::move(message), {}};
  tx.witnessSet.witnesses.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    tx.witnessSet.witnesses.push_back(Witness{sign(keys[i], digest, auxRands[i]), keys[i].publicKey()});
  }
  return tx;
}

Result<PublicTransaction> signTransaction(Message message, std::span<const SecretKey> keys) {
  if (auto st = checkCount(keys.size(), message.nonces.size()); !st.ok()) return st.error();
  std::vector<AuxRand> aux(keys.size());
  for (auto& a : aux) {
    if (RAND_bytes(a.data(), static_cast<int>(a.size())) != 1) {
      return makeError(CryptoError::RANDOMNESS_UNAVAILABLE, "RAND_bytes failed");
    }
  }
  auto tx = signTransaction(std::move(message), keys, aux);
  for (auto& a : aux) OPENSSL_cleanse(a.data(), a.size());
  return tx;
}

Result<PublicTransaction> buildPublicTransaction(const ProgramId& programId,
                                                 std::vector<AccountId> accountIds,
                                                 std::vector<Nonce> nonces,
                                                 std::vector<std::uint32_t> instructionData,
                                                 std::span<const SecretKey> keys) {
  return signTransaction(
      makeMessage(programId, std::move(accountIds), std::move(nonces), std::move(instructionData)),
      keys);
}

Status verifyWitnesses(const PublicTransaction& tx) {
  const Hash32 digest = messageDigest(tx.message);
  const auto& ws = tx.witnessSet.witnesses;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    if (!verify(ws[i].signature, digest, ws[i].publicKey)) {
      return makeError(CryptoError::INVALID_SIGNATURE,
                       "witness " + std::to_string(i) +
                           ": signature does not verify over the message digest");
    }
  }
  return lezpay::util::okStatus();
}

std::vector<AccountId> signerAccountIds(const PublicTransaction& tx) {
  std::vector<AccountId> out;
  out.reserve(tx.witnessSet.witnesses.size());
  for (const auto& w : tx.witnessSet.witnesses) out.push_back(publicAccountId(w.publicKey));
  return out;
}

}  // namespace lez::core
