#include "lez/core/hashing.h"

#include "lez/core/block_codec.h"
#include "lez/core/message_codec.h"
#include "lez/core/transaction_codec.h"

namespace lez::core {

Hash32 messageDigest(const Message& message) {
  const auto body = encode(message);
  Sha256 h;
  h.update(kPublicMessagePrefix).update(body);
  return h.finish();
}

Hash32 transactionHash(const PublicTransaction& tx) { return sha256(encode(tx)); }

Hash32 transactionHash(const LeeTransaction& tx) {
  if (const auto* pub = tx.asPublic()) return transactionHash(*pub);
  return sha256(encode(*tx.asProgramDeployment()));
}

Hash32 blockHash(const HashableBlockData& data) {
  const auto body = encode(data);
  Sha256 h;
  h.update(kBlockMessagePrefix).update(body);
  return h.finish();
}

}  // namespace lez::core
