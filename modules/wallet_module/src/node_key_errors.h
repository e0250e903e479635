#pragma once
// The error codes of the node key operations (node_keys.h), declared by the wallet next to its own
// table (wallet_errors.h) and listed with it in docs/errors.md.

#include <vector>

#include "logos/error_spec.h"

namespace wallet {

std::vector<logos::ErrorSpec> nodeKeyErrors();

}  // namespace wallet
