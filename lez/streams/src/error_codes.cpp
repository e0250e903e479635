#include "lez/streams/error_codes.h"

namespace lez::streams {

std::string_view toString(StreamError code) {
  switch (code) {
    case StreamError::ZeroDepositAmount: return "ZeroDepositAmount";
    case StreamError::VersionMismatch: return "VersionMismatch";
    case StreamError::VaultIdMismatch: return "VaultIdMismatch";
    case StreamError::InsufficientFunds: return "InsufficientFunds";
    case StreamError::ArithmeticOverflow: return "ArithmeticOverflow";
    case StreamError::ZeroWithdrawAmount: return "ZeroWithdrawAmount";
    case StreamError::ZeroStreamRate: return "ZeroStreamRate";
    case StreamError::ZeroStreamAllocation: return "ZeroStreamAllocation";
    case StreamError::StreamIdMismatch: return "StreamIdMismatch";
    case StreamError::TotalAllocatedOverflow: return "TotalAllocatedOverflow";
    case StreamError::AllocationExceedsUnallocated: return "AllocationExceedsUnallocated";
    case StreamError::NextStreamIdOverflow: return "NextStreamIdOverflow";
    case StreamError::TimeRegression: return "TimeRegression";
    case StreamError::StreamExceedsAllocation: return "StreamExceedsAllocation";
    case StreamError::VaultOwnerMismatch: return "VaultOwnerMismatch";
    case StreamError::StreamNotActive: return "StreamNotActive";
    case StreamError::StreamNotPaused: return "StreamNotPaused";
    case StreamError::ResumeZeroUnaccrued: return "ResumeZeroUnaccrued";
    case StreamError::StreamClosed: return "StreamClosed";
    case StreamError::ZeroTopUpAmount: return "ZeroTopUpAmount";
    case StreamError::TotalAllocatedUnderflow: return "TotalAllocatedUnderflow";
    case StreamError::CloseUnauthorized: return "CloseUnauthorized";
    case StreamError::ZeroClaimAmount: return "ZeroClaimAmount";
    case StreamError::ClaimUnauthorized: return "ClaimUnauthorized";
    case StreamError::InvalidClockAccount: return "InvalidClockAccount";
    case StreamError::InvalidPrivacyTier: return "InvalidPrivacyTier";
    case StreamError::ProviderEqualsOwner: return "ProviderEqualsOwner";
    case StreamError::UnsupportedTokenId: return "UnsupportedTokenId";
  }
  return "UNKNOWN";
}

std::string_view toString(FrameworkError code) {
  switch (code) {
    case FrameworkError::InvalidInstruction: return "InvalidInstruction";
    case FrameworkError::AccountCountMismatch: return "AccountCountMismatch";
    case FrameworkError::MissingSignature: return "MissingSignature";
    case FrameworkError::PdaMismatch: return "PdaMismatch";
    case FrameworkError::AccountNotDefault: return "AccountNotDefault";
    case FrameworkError::InvalidAccountData: return "InvalidAccountData";
    case FrameworkError::AuthenticatedTransferProgramMismatch: return "AuthenticatedTransferProgramMismatch";
  }
  return "UNKNOWN";
}

const std::array<StreamError, kStreamErrorCount>& allStreamErrors() {
  static const std::array<StreamError, kStreamErrorCount> all = [] {
    std::array<StreamError, kStreamErrorCount> out{};
    for (std::size_t i = 0; i < kStreamErrorCount; ++i) {
      out[i] = static_cast<StreamError>(kFirstStreamErrorNumber + static_cast<std::uint32_t>(i));
    }
    return out;
  }();
  return all;
}

std::optional<StreamError> streamErrorFromNumber(std::uint32_t number) {
  if (number < kFirstStreamErrorNumber || number > kLastStreamErrorNumber) return std::nullopt;
  return static_cast<StreamError>(number);  // the range is dense: every number in it is declared
}

std::optional<StreamError> streamErrorFromString(std::string_view name) {
  for (StreamError code : allStreamErrors()) {
    if (toString(code) == name) return code;
  }
  return std::nullopt;
}

Error makeError(StreamError code, std::string message) { return Error{std::string(toString(code)), std::move(message)}; }
Error makeError(FrameworkError code, std::string message) { return Error{std::string(toString(code)), std::move(message)}; }

std::uint32_t errorNumber(const Error& error) {
  auto code = streamErrorFromString(error.code);
  return code ? errorNumber(*code) : 0;
}

}  // namespace lez::streams
