#include "lez/core/message_codec.h"

#include <limits>

#include "codec_util.h"

namespace lez::core {
namespace {
constexpr std::size_t kNoLimit = std::numeric_limits<std::uint32_t>::max();
std::string indexed(const char* field, std::size_t i) {
  return std::string(field) + "[" + std::to_string(i) + "]";
}
}  // namespace

void writeMessage(BorshWriter& w, const Message& m) {
  w.writeFixed(m.programId.toBytes());
  w.writeVec(m.accountIds, [](BorshWriter& out, const AccountId& id) { out.writeFixed(id.bytes()); });
  w.writeVec(m.nonces, [](BorshWriter& out, const Nonce& n) { out.writeU128(n); });
  w.writeVec(m.instructionData, [](BorshWriter& out, std::uint32_t word) { out.writeU32(word); });
}

Result<Message> readMessage(BorshReader& r) {
  Message m;
  LEZ_READ(auto programId, r.readFixed<32>(), "Message.program_id");
  m.programId = ProgramId::fromBytes32(programId);

  LEZ_READ(auto accountCount, r.readCount(32, kNoLimit), "Message.account_ids");
  m.accountIds.reserve(accountCount);
  for (std::uint32_t i = 0; i < accountCount; ++i) {
    LEZ_READ(auto id, r.readFixed<32>(), indexed("Message.account_ids", i));
    m.accountIds.emplace_back(id);
  }

  LEZ_READ(auto nonceCount, r.readCount(16, kNoLimit), "Message.nonces");
  m.nonces.reserve(nonceCount);
  for (std::uint32_t i = 0; i < nonceCount; ++i) {
    LEZ_READ(auto nonce, r.readU128(), indexed("Message.nonces", i));
    m.nonces.push_back(nonce);
  }

  LEZ_READ(auto wordCount, r.readCount(4, kNoLimit), "Message.instruction_data");
  m.instructionData.reserve(wordCount);
  for (std::uint32_t i = 0; i < wordCount; ++i) {
    LEZ_READ(auto word, r.readU32(), indexed("Message.instruction_data", i));
    m.instructionData.push_back(word);
  }
  return m;
}

std::vector<std::uint8_t> encode(const Message& message) {
  BorshWriter w;
  writeMessage(w, message);
  return std::move(w).take();
}

Result<Message> decodeMessage(std::span<const std::uint8_t> bytes) {
  BorshReader r(bytes);
  LEZ_ASSIGN(auto message, readMessage(r));
  LEZ_CHECK(r.finish(), "Message");
  return message;
}

}  // namespace lez::core
