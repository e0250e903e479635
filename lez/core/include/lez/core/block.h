#pragma once
// Blocks (LEZ spec §4, reference lez/common/src/block.rs).
//   BlockHeader = block_id u64 ‖ prev_block_hash[32] ‖ hash[32] ‖ timestamp u64 (Unix ms) ‖
//                 signature[64]
//   BlockBody   = transactions: Vec<LeeTransaction>
//   Block       = header ‖ body ‖ bedrock_status (u8 enum: 0 Pending, 1 Safe, 2 Finalized)
//   HashableBlockData = block_id ‖ prev_block_hash ‖ timestamp ‖ transactions: the block-hash
//                 preimage (hashing.h); header.hash = blockHash(hashableData(block)) and
//                 header.signature is the sequencer's BIP-340 signature over it.
// Codec: block_codec.h.

#include <cstdint>
#include <vector>

#include "lez/core/public_key.h"
#include "lez/core/sha256.h"
#include "lez/core/transaction.h"

namespace lez::core {

enum class BedrockStatus : std::uint8_t {
  Pending = 0,
  Safe = 1,
  Finalized = 2,
};

struct BlockHeader {
  std::uint64_t blockId = 0;
  Hash32 prevBlockHash{};
  Hash32 hash{};
  std::uint64_t timestamp = 0;  // Unix milliseconds
  Signature signature;

  friend bool operator==(const BlockHeader&, const BlockHeader&) = default;
};

struct BlockBody {
  std::vector<LeeTransaction> transactions;

  friend bool operator==(const BlockBody&, const BlockBody&) = default;
};

struct Block {
  BlockHeader header;
  BlockBody body;
  BedrockStatus bedrockStatus = BedrockStatus::Pending;

  friend bool operator==(const Block&, const Block&) = default;
};

struct HashableBlockData {
  std::uint64_t blockId = 0;
  Hash32 prevBlockHash{};
  std::uint64_t timestamp = 0;  // Unix milliseconds
  std::vector<LeeTransaction> transactions;

  friend bool operator==(const HashableBlockData&, const HashableBlockData&) = default;
};

// The hash preimage fields of `block` (copies the transactions).
HashableBlockData hashableData(const Block& block);

}  // namespace lez::core
