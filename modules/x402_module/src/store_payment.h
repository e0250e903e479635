#pragma once
// The provider side of the Store `proof_of_payment` arm (DESIGN.md "Eligibility hooks";
// docs/protocol.md "Store queries paid with x402"): the price a provider asks per Store query,
// the resource URL a payment must name, and the mapping of x402 reasons to Store verdicts.
//
// A payment for one Store query names resource.url =
//   "waku-store://<provider peer id>/<lowercase hex SHA256 of the N8 canonical request bytes>"
// so it cannot be replayed for another query or another provider.

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "lezpay/util/result.h"
#include "x402/types.h"

namespace x402mod {

// configureStorePayment's object: {amount, payTo, asset?="native", network?="logos:lez-localnet",
// maxTimeoutSeconds?=60}; INVALID_CONFIG naming the field.
lezpay::util::Result<x402::PaymentRequirements> parseStorePaymentConfig(const x402::Json& config);

std::string storeResourceUrl(const std::string& providerPeerId, std::span<const std::uint8_t> canonicalRequest);

// Requirement mismatches are PARAMS_REJECTED (the user offered other terms); every other
// reason is PROOF_INVALID (the payment itself is bad, replayed or failed).
std::string storeVerdictFor(const std::string& x402Reason);

}  // namespace x402mod
