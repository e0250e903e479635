#pragma once
// wallet_module's error table: every code its operations answer, with what it means and what the
// caller can do (logos/error_spec.h). module-info lists it and docs/errors.md is generated from it.

#include <vector>

#include "logos/error_spec.h"

namespace wallet {

std::vector<logos::ErrorSpec> walletErrors();

}  // namespace wallet
