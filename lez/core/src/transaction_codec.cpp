#include "lez/core/transaction_codec.h"

#include <limits>

#include "codec_util.h"
#include "lez/core/message_codec.h"
#include "lez/core/witness_set_codec.h"

namespace lez::core {

void writePublicTransaction(BorshWriter& w, const PublicTransaction& tx) {
  writeMessage(w, tx.message);
  writeWitnessSet(w, tx.witnessSet);
}

Result<PublicTransaction> readPublicTransaction(BorshReader& r) {
  PublicTransaction tx;
  LEZ_READ(tx.message, readMessage(r), "PublicTransaction");
  LEZ_READ(tx.witnessSet, readWitnessSet(r), "PublicTransaction");
  return tx;
}

void writeProgramDeploymentTransaction(BorshWriter& w, const ProgramDeploymentTransaction& tx) {
  w.writeBytes(tx.bytecode);
}

Result<ProgramDeploymentTransaction> readProgramDeploymentTransaction(BorshReader& r) {
  ProgramDeploymentTransaction tx;
  LEZ_READ(tx.bytecode, r.readBytes(std::numeric_limits<std::uint32_t>::max()),
           "ProgramDeploymentTransaction.message.bytecode");
  return tx;
}

void writeLeeTransaction(BorshWriter& w, const LeeTransaction& tx) {
  w.writeU8(static_cast<std::uint8_t>(tx.kind()));
  if (const auto* pub = tx.asPublic()) {
    writePublicTransaction(w, *pub);
  } else {
    writeProgramDeploymentTransaction(w, *tx.asProgramDeployment());
  }
}

Result<LeeTransaction> readLeeTransaction(BorshReader& r) {
  const std::size_t start = r.offset();
  LEZ_READ(auto variant, r.readVariant(3), "LeeTransaction");
  switch (static_cast<TransactionKind>(variant)) {
    case TransactionKind::Public: {
      LEZ_READ(auto tx, readPublicTransaction(r), "LeeTransaction::Public");
      return LeeTransaction{std::move(tx)};
    }
    case TransactionKind::PrivacyPreserving:
      return makeError(DecodeError::UNSUPPORTED_VARIANT,
                       "LeeTransaction: variant 1 (PrivacyPreserving) at byte " +
                           std::to_string(start) + " is not supported");
    case TransactionKind::ProgramDeployment: {
      LEZ_READ(auto tx, readProgramDeploymentTransaction(r), "LeeTransaction::ProgramDeployment");
      return LeeTransaction{std::move(tx)};
    }
  }
  return makeError(DecodeError::INVALID_VARIANT, "LeeTransaction: unreachable variant");
}

std::vector<std::uint8_t> encode(const PublicTransaction& tx) {
  BorshWriter w;
  writePublicTransaction(w, tx);
  return std::move(w).take();
}

Result<PublicTransaction> decodePublicTransaction(std::span<const std::uint8_t> bytes) {
  BorshReader r(bytes);
  LEZ_ASSIGN(auto tx, readPublicTransaction(r));
  LEZ_CHECK(r.finish(), "PublicTransaction");
  return tx;
}

std::vector<std::uint8_t> encode(const ProgramDeploymentTransaction& tx) {
  BorshWriter w;
  writeProgramDeploymentTransaction(w, tx);
  return std::move(w).take();
}

Result<ProgramDeploymentTransaction> decodeProgramDeploymentTransaction(
    std::span<const std::uint8_t> bytes) {
  BorshReader r(bytes);
  LEZ_ASSIGN(auto tx, readProgramDeploymentTransaction(r));
  LEZ_CHECK(r.finish(), "ProgramDeploymentTransaction");
  return tx;
}

std::vector<std::uint8_t> encode(const LeeTransaction& tx) {
  BorshWriter w;
  writeLeeTransaction(w, tx);
  return std::move(w).take();
}

Result<LeeTransaction> decodeLeeTransaction(std::span<const std::uint8_t> bytes) {
  BorshReader r(bytes);
  LEZ_ASSIGN(auto tx, readLeeTransaction(r));
  LEZ_CHECK(r.finish(), "LeeTransaction");
  return tx;
}

}  // namespace lez::core
