#pragma once
// x402_module's error table: every code its operations answer (server side, agent side, Store
// proof_of_payment hooks), with what it means and what the caller can do (logos/error_spec.h).
// module-info lists it and docs/errors.md is generated from it. The lowercase codes are the x402
// failure reasons (libs/x402 reason.h), answered as `code` by verifyPayment/settlePayment for a
// payment that does not verify; they keep the x402 spec's spelling.

#include <vector>

#include "logos/error_spec.h"

namespace x402mod {

std::vector<logos::ErrorSpec> x402Errors();

}  // namespace x402mod
