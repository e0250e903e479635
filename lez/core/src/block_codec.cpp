#include "lez/core/block_codec.h"

#include <limits>

#include "codec_util.h"
#include "lez/core/transaction_codec.h"

namespace lez::core {
namespace {

void writeTransactions(BorshWriter& w, const std::vector<LeeTransaction>& txs) {
  w.writeVec(txs, [](BorshWriter& out, const LeeTransaction& tx) { writeLeeTransaction(out, tx); });
}

Result<std::vector<LeeTransaction>> readTransactions(BorshReader& r, const char* where) {
  LEZ_READ(auto count,
           r.readCount(kMinLeeTransactionBytes, std::numeric_limits<std::uint32_t>::max()),
           std::string(where) + ".transactions");
  std::vector<LeeTransaction> txs;
  txs.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    LEZ_READ(auto tx, readLeeTransaction(r),
             std::string(where) + ".transactions[" + std::to_string(i) + "]");
    txs.push_back(std::move(tx));
  }
  return txs;
}

}  // namespace

void writeBlockHeader(BorshWriter& w, const BlockHeader& h) {
  w.writeU64(h.blockId);
  w.writeFixed(h.prevBlockHash);
  w.writeFixed(h.hash);
  w.writeU64(h.timestamp);
  w.writeFixed(h.signature.bytes);
}

Result<BlockHeader> readBlockHeader(BorshReader& r) {
  BlockHeader h;
  LEZ_READ(h.blockId, r.readU64(), "BlockHeader.block_id");
  LEZ_READ(h.prevBlockHash, r.readFixed<32>(), "BlockHeader.prev_block_hash");
  LEZ_READ(h.hash, r.readFixed<32>(), "BlockHeader.hash");
  LEZ_READ(h.timestamp, r.readU64(), "BlockHeader.timestamp");
  LEZ_READ(h.signature.bytes, r.readFixed<64>(), "BlockHeader.signature");
  return h;
}

std::vector<std::uint8_t> encode(const BlockHeader& header) {
  BorshWriter w;
  writeBlockHeader(w, header);
  return std::move(w).take();
}

Result<BlockHeader> decodeBlockHeader(std::span<const std::uint8_t> bytes) {
  BorshReader r(bytes);
  LEZ_ASSIGN(auto h, readBlockHeader(r));
  LEZ_CHECK(r.finish(), "BlockHeader");
  return h;
}

std::vector<std::uint8_t> encode(const Block& block) {
  BorshWriter w;
  writeBlockHeader(w, block.header);
  writeTransactions(w, block.body.transactions);
  w.writeU8(static_cast<std::uint8_t>(block.bedrockStatus));
  return std::move(w).take();
}

Result<Block> decodeBlock(std::span<const std::uint8_t> bytes) {
  BorshReader r(bytes);
  Block b;
  LEZ_READ(b.header, readBlockHeader(r), "Block");
  LEZ_READ(b.body.transactions, readTransactions(r, "BlockBody"), "Block");
  LEZ_READ(auto status, r.readVariant(3), "Block.bedrock_status");
  b.bedrockStatus = static_cast<BedrockStatus>(status);
  LEZ_CHECK(r.finish(), "Block");
  return b;
}

std::vector<std::uint8_t> encode(const HashableBlockData& d) {
  BorshWriter w;
  w.writeU64(d.blockId);
  w.writeFixed(d.prevBlockHash);
  w.writeU64(d.timestamp);
  writeTransactions(w, d.transactions);
  return std::move(w).take();
}

Result<HashableBlockData> decodeHashableBlockData(std::span<const std::uint8_t> bytes) {
  BorshReader r(bytes);
  HashableBlockData d;
  LEZ_READ(d.blockId, r.readU64(), "HashableBlockData.block_id");
  LEZ_READ(d.prevBlockHash, r.readFixed<32>(), "HashableBlockData.prev_block_hash");
  LEZ_READ(d.timestamp, r.readU64(), "HashableBlockData.timestamp");
  LEZ_ASSIGN(d.transactions, readTransactions(r, "HashableBlockData"));
  LEZ_CHECK(r.finish(), "HashableBlockData");
  return d;
}

}  // namespace lez::core
