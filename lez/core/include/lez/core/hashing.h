#pragma once
// The LEZ hashes (spec §5).
//   messageDigest(m)   = SHA256(`/LEE/v0.3/Message/Public/` + 7 zero bytes ‖ borsh(Message)):
//                        the 32-byte BIP-340 message every witness signs, as is.
//   transactionHash(t) = SHA256(borsh(PublicTransaction)), without the LeeTransaction variant
//                        byte: the tx hash / id returned by sendTransaction.
//   transactionHash(LeeTransaction): the public hash above, or SHA256(borsh(ProgramDeployment
//                        Transaction)) for a deployment (reference ProgramDeploymentTransaction::hash).
//   blockHash(d)       = SHA256(`/LEE/v0.3/Message/Block/` + 8 zero bytes ‖
//                        borsh(HashableBlockData)): header.hash, signed by the sequencer.
// Pure and infallible; SHA-256 itself is in sha256.h.

#include "lez/core/block.h"
#include "lez/core/message.h"
#include "lez/core/sha256.h"
#include "lez/core/transaction.h"

namespace lez::core {

Hash32 messageDigest(const Message& message);
Hash32 transactionHash(const PublicTransaction& tx);
Hash32 transactionHash(const LeeTransaction& tx);
Hash32 blockHash(const HashableBlockData& data);

}  // namespace lez::core
