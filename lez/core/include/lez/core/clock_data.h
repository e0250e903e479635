#pragma once
// Clock accounts (LEZ spec §9, reference lez/programs/clock).
//
// - kClock01 / kClock10 / kClock50: the three system accounts, ids = the 32 ASCII bytes
//   "/LEZ/ClockProgramAccount/00000NN"; updated every block / when block_id % 10 == 0 / % 50 == 0.
// - ClockAccountData: their data, Borsh { block_id: u64, timestamp: u64 (Unix ms) }, exactly 16
//   bytes. decodeClockAccountData: TRUNCATED below 16 bytes, TRAILING_BYTES above.
// - clockTickInstruction(T): the instruction words of the sequencer's last transaction of a block,
//   T as u64 in RISC Zero words [lo, hi].

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "lez/core/account_id.h"
#include "lez/core/errors.h"

namespace lez::core {

inline constexpr AccountId kClock01 = AccountId::fromAsciiLiteral("/LEZ/ClockProgramAccount/0000001");
inline constexpr AccountId kClock10 = AccountId::fromAsciiLiteral("/LEZ/ClockProgramAccount/0000010");
inline constexpr AccountId kClock50 = AccountId::fromAsciiLiteral("/LEZ/ClockProgramAccount/0000050");

// In the order of the clock transaction's account_ids.
inline constexpr std::array<AccountId, 3> kClockAccountIds{kClock01, kClock10, kClock50};

inline constexpr std::size_t kClockAccountDataBytes = 16;

struct ClockAccountData {
  std::uint64_t blockId = 0;
  std::uint64_t timestamp = 0;  // Unix milliseconds

  friend bool operator==(const ClockAccountData&, const ClockAccountData&) = default;
};

std::vector<std::uint8_t> encode(const ClockAccountData& data);
Result<ClockAccountData> decodeClockAccountData(std::span<const std::uint8_t> bytes);

std::vector<std::uint32_t> clockTickInstruction(std::uint64_t timestampMs);

}  // namespace lez::core
