#pragma once
// The x402 `exact` scheme on the Logos Execution Zone (docs/protocol.md "x402 exact scheme on
// LEZ"; x402.md §6; lez.md §4-§8). It lives in lez/ because it reads LEZ transactions, keys and
// hashes; libs/x402 keeps the scheme-agnostic protocol. The namespace stays x402: this is one
// scheme of that protocol (docs/decisions.md "Where the exact scheme lives").
//
// Requirements: scheme "exact", network kNetworkLocalnet ("logos:lez-localnet") or
// kNetworkTestnet ("logos:lez-testnet"), asset "native", amount = canonical decimal u128,
// payTo = the recipient's LEZ account id (base58, the chain's text form; 64 hex accepted).
//
// Payload (PaymentPayload.payload):
//   { "transaction":  base64 (standard) of borsh(LeeTransaction::Public): an authenticated_transfer
//                     Transfer{amount} over account_ids [payer, payTo], one witness (the payer),
//                     one nonce (the payer's current nonce), signed and NOT broadcast
//                     (wallet_module.sign_transfer_public / sign_public_transaction_json),
//     "validAfter":   unix seconds (JSON integer),
//     "validBefore":  unix seconds (JSON integer),
//     "authorization": 128 lowercase hex, BIP-340 signature by the payer's key over
//                     authorizationDigest(...) below }
// and PaymentPayload.resource.url is required: the authorization binds it.
//
// authorizationDigest = SHA256( kAuthorizationDomain (ASCII "/x402/exact/lez/Authorization/",
//   zero-padded to 32 bytes) ‖ txHash (32 bytes, lez.md §5) ‖ validAfter (u64 LE) ‖
//   validBefore (u64 LE) ‖ SHA256(UTF-8 bytes of resource.url) (32 bytes) ) — 112 bytes hashed.
// The client signs it with wallet_module.sign_public_payload(account_id_hex, digest_hex).
//
// A LEZ transaction has no expiry and is single-use through the sender nonce (lez.md §6), so the
// signed window is enforced by the facilitator before broadcast, and replay is refused through
// the nonce and the facilitator's durable journal (nonce_replayed).

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lez/core/account_id.h"
#include "lez/core/authenticated_transfer.h"
#include "lez/core/program_id.h"
#include "lez/core/public_key.h"
#include "lez/core/sha256.h"
#include "lez/core/transaction.h"
#include "lez/core/u128.h"
#include "lezpay/util/result.h"
#include "x402/reason.h"
#include "x402/types.h"

namespace x402 {

inline constexpr std::string_view kSchemeExact = "exact";
inline constexpr std::string_view kNetworkLocalnet = "logos:lez-localnet";
inline constexpr std::string_view kNetworkTestnet = "logos:lez-testnet";
inline constexpr std::string_view kAssetNative = "native";

inline constexpr auto kAuthorizationDomain = lez::core::domainPrefix32("/x402/exact/lez/Authorization/");

// A borsh(LeeTransaction) above this is refused before decoding (a transfer is ~190 bytes).
inline constexpr std::size_t kMaxTransactionBytes = 4096;
// validBefore must be at least this far in the future at verification (reference EVM: 6 s),
// leaving time for inclusion.
inline constexpr std::uint64_t kExpiryMarginSeconds = 6;
// Clients start the window this far in the past to absorb clock skew (reference EVM client).
inline constexpr std::uint64_t kValidAfterSkewSeconds = 600;

// The typed LEZ payload.
struct ExactLezPayload {
  std::string transaction;  // base64 borsh(LeeTransaction)
  std::uint64_t validAfter = 0;
  std::uint64_t validBefore = 0;
  std::array<std::uint8_t, 64> authorization{};

  bool operator==(const ExactLezPayload&) const = default;
};

Json toJson(const ExactLezPayload& p);
// Strict: an object with exactly these four fields and these types (unknown fields rejected,
// since everything here is signed material); authorization must be 128 hex digits. Error
// invalid_payload naming the field.
lezpay::util::Result<ExactLezPayload> parseExactLezPayload(const Json& j);

// The 32-byte digest the payer signs for the time window and resource (see above).
lez::core::Hash32 authorizationDigest(const lez::core::Hash32& txHash, std::uint64_t validAfter,
                                      std::uint64_t validBefore, std::string_view resourceUrl);

// Accepts base58 (canonical) or 64 hex; nullopt otherwise.
std::optional<lez::core::AccountId> parseLezAddress(std::string_view text);

// The requirements a LEZ `exact` offer has, for a price in atomic units.
PaymentRequirements makeExactLezRequirements(std::string_view network, const lez::core::U128& amount,
                                             const lez::core::AccountId& payTo,
                                             std::uint64_t maxTimeoutSeconds);

// What the signed transfer says, after every check that needs no chain state.
struct ExactLezTransfer {
  lez::core::PublicTransaction transaction;
  std::vector<std::uint8_t> transactionBytes;  // borsh(LeeTransaction), as submitted
  lez::core::Hash32 txHash{};                  // lez.md §5
  lez::core::AccountId payer;
  lez::core::PublicKey::Bytes payerKey{};   // x-only key of the single witness
  lez::core::AccountId recipient;
  lez::core::U128 amount;
  lez::core::U128 nonce;
  std::uint64_t validAfter = 0;
  std::uint64_t validBefore = 0;
  std::string resourceUrl;
};

// Verification configuration (the facilitator's).
struct ExactLezVerifyOptions {
  std::vector<std::string> networks{std::string(kNetworkLocalnet)};     // networks served
  lez::core::ProgramId atProgramId = lez::core::kAuthenticatedTransferProgramId;
  // When set, payload.resource.url must equal it (the merchant's or the Store query's URL).
  std::optional<std::string> expectedResourceUrl;
};

// Steps 1-14 of docs/protocol.md (everything but chain state), in that order; the first failure
// is answered as Error{reason string, sentence}. `now` is unix seconds.
lezpay::util::Result<ExactLezTransfer> verifyExactLezStatic(const PaymentPayload& payload,
                                                            const PaymentRequirements& requirements,
                                                            std::uint64_t now,
                                                            const ExactLezVerifyOptions& options);

// The payer's on-chain state, as read just before verification.
struct LezPayerState {
  lez::core::ProgramId programOwner;
  lez::core::U128 balance;
  lez::core::U128 nonce;
};

// Steps 15-17: nonce (below current = nonce_replayed, above = invalid_exact_lez_nonce_mismatch),
// payer owned by authenticated_transfer, balance >= amount (insufficient_funds).
lezpay::util::Status verifyExactLezChainState(const ExactLezTransfer& transfer, const LezPayerState& payer,
                                              const lez::core::ProgramId& atProgramId);

// Both stages; the outcome as a VerifyResponse (payer filled whenever the transaction decoded).
VerifyResponse verifyExactLez(const PaymentPayload& payload, const PaymentRequirements& requirements,
                              const LezPayerState& payer, std::uint64_t now,
                              const ExactLezVerifyOptions& options);

// Convenience for clients: the unsigned parts of a payload around a signed transaction; the
// caller adds the authorization signature over authorizationDigest(). validAfter = now - 600
// (saturating), validBefore = now + maxTimeoutSeconds.
struct ExactLezWindow {
  std::uint64_t validAfter = 0;
  std::uint64_t validBefore = 0;
};
ExactLezWindow defaultWindow(std::uint64_t now, std::uint64_t maxTimeoutSeconds);

// The transaction hash of a base64 borsh(LeeTransaction) (clients need it for the digest);
// invalid_exact_lez_transaction_undecodable on bad input.
lezpay::util::Result<lez::core::Hash32> transactionHashOfBase64(std::string_view transactionBase64);

}  // namespace x402
