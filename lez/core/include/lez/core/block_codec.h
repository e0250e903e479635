#pragma once
// Borsh codecs of BlockHeader, Block and HashableBlockData (LEZ spec §4). getBlock returns
// base64(encode(Block)) (spec §11).
//
// Decoders consume exactly one value. Errors: TRUNCATED, TRAILING_BYTES, INVALID_VARIANT
// (bedrock_status above 2, LeeTransaction index above 2), UNSUPPORTED_VARIANT (a
// PrivacyPreserving transaction), INVALID_PUBLIC_KEY (a witness key). Messages name the
// structure, the transaction index and the field.

#include <cstdint>
#include <span>
#include <vector>

#include "lez/core/block.h"
#include "lez/core/borsh.h"

namespace lez::core {

// Encoded size of a BlockHeader.
inline constexpr std::size_t kBlockHeaderBytes = 8 + 32 + 32 + 8 + 64;

std::vector<std::uint8_t> encode(const BlockHeader& header);
Result<BlockHeader> decodeBlockHeader(std::span<const std::uint8_t> bytes);

std::vector<std::uint8_t> encode(const Block& block);
Result<Block> decodeBlock(std::span<const std::uint8_t> bytes);

std::vector<std::uint8_t> encode(const HashableBlockData& data);
Result<HashableBlockData> decodeHashableBlockData(std::span<const std::uint8_t> bytes);

void writeBlockHeader(BorshWriter& w, const BlockHeader& header);
Result<BlockHeader> readBlockHeader(BorshReader& r);

}  // namespace lez::core
