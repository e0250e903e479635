#pragma once
// Argument checks driven by OperationSpec (logos/operation.h). Used by the host before a call
// reaches a module and by every module's dispatcher, so a bad argument is refused with the
// parameter's name before any handler runs.

#include <string>

#include "lezpay/util/result.h"
#include "logos/json.h"
#include "logos/operation.h"

namespace logos::sdk {

// Checks `params` (must be an object) against `op`: unknown keys, missing required
// parameters and wrong types are INVALID_ARGS errors naming the parameter. On success returns
// the params with defaults of absent optional parameters filled in. An explicit JSON null for
// an optional parameter counts as absent.
lezpay::util::Result<Json> checkParams(const OperationSpec& op, const Json& params);

// Binds positional CLI arguments to the operation's parameters in declaration order.
// More arguments than parameters is INVALID_ARGS. A JSON null keeps its position and means
// "absent" (for an Any parameter it is the value null). The result still has to pass checkParams.
lezpay::util::Result<Json> bindPositional(const OperationSpec& op, const Json& args);

// True if `s` is the decimal text of an unsigned 128-bit integer (no sign, no leading '+',
// at most 39 digits and not above 2^128-1; a lone "0" is fine, leading zeros are refused).
bool isU128Decimal(const std::string& s);

}  // namespace logos::sdk
