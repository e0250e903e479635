#pragma once
// Error codes of the payment-streams program (payment-streams.md §6, reference
// program/core/src/error_codes.rs).
//
// - StreamError: the 28 domain codes 6001..6028. The enumerator value is the on-chain number and
//   toString() is the reference name; both are stable. 6026 InvalidPrivacyTier is reserved and
//   never emitted (a bad tier fails instruction decoding instead, a framework failure).
// - FrameworkError: failures that carry no number on chain (§6 last line): undecodable instruction
//   or account data, wrong account count, missing signature, PDA mismatch, non-default init
//   account, wrong AT program in Deposit. They leave the program as GuestFailure code 0.
//
// Inside lez::streams every failure is a lezpay::util::Error whose `code` is toString() of one of
// these enumerators; errorNumber() maps an Error back to its number (0 for framework failures).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"

namespace lez::streams {

using lezpay::util::Error;
using lezpay::util::Result;
using lezpay::util::Status;

enum class StreamError : std::uint32_t {
  ZeroDepositAmount = 6001,
  VersionMismatch = 6002,
  VaultIdMismatch = 6003,
  InsufficientFunds = 6004,
  ArithmeticOverflow = 6005,
  ZeroWithdrawAmount = 6006,
  ZeroStreamRate = 6007,
  ZeroStreamAllocation = 6008,
  StreamIdMismatch = 6009,
  TotalAllocatedOverflow = 6010,
  AllocationExceedsUnallocated = 6011,
  NextStreamIdOverflow = 6012,
  TimeRegression = 6013,
  StreamExceedsAllocation = 6014,
  VaultOwnerMismatch = 6015,
  StreamNotActive = 6016,
  StreamNotPaused = 6017,
  ResumeZeroUnaccrued = 6018,
  StreamClosed = 6019,
  ZeroTopUpAmount = 6020,
  TotalAllocatedUnderflow = 6021,
  CloseUnauthorized = 6022,
  ZeroClaimAmount = 6023,
  ClaimUnauthorized = 6024,
  InvalidClockAccount = 6025,
  InvalidPrivacyTier = 6026,  // reserved, never emitted
  ProviderEqualsOwner = 6027,
  UnsupportedTokenId = 6028,
};

inline constexpr std::uint32_t kFirstStreamErrorNumber = 6001;
inline constexpr std::uint32_t kLastStreamErrorNumber = 6028;
inline constexpr std::size_t kStreamErrorCount = kLastStreamErrorNumber - kFirstStreamErrorNumber + 1;

enum class FrameworkError {
  InvalidInstruction,       // instruction words do not decode (§3)
  AccountCountMismatch,     // not the account list of §4
  MissingSignature,         // an S account is not is_authorized
  PdaMismatch,              // a CFG/HLD/STR id is not the PDA its seeds give (§5)
  AccountNotDefault,        // an I account is not Account::default()
  InvalidAccountData,       // CFG/HLD/STR data does not decode (§5)
  AuthenticatedTransferProgramMismatch,  // Deposit names another AT program than the pinned one
};

std::string_view toString(StreamError code);
std::string_view toString(FrameworkError code);

// The on-chain number (6001..6028).
constexpr std::uint32_t errorNumber(StreamError code) { return static_cast<std::uint32_t>(code); }
// Inverse of errorNumber(); nullopt for any other number (never a blind cast).
std::optional<StreamError> streamErrorFromNumber(std::uint32_t number);
// Inverse of toString(StreamError); nullopt for any other string (framework names included).
std::optional<StreamError> streamErrorFromString(std::string_view name);

// All 28 codes in numeric order.
const std::array<StreamError, kStreamErrorCount>& allStreamErrors();

Error makeError(StreamError code, std::string message);
Error makeError(FrameworkError code, std::string message);

// The number an Error carries on chain: errorNumber() of its StreamError, 0 for anything else.
std::uint32_t errorNumber(const Error& error);

}  // namespace lez::streams
