#include "lez/core/block.h"

namespace lez::core {

HashableBlockData hashableData(const Block& block) {
  return HashableBlockData{block.header.blockId, block.header.prevBlockHash,
                           block.header.timestamp, block.body.transactions};
}

}  // namespace lez::core
