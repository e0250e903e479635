#pragma once
// Result shapes: what an operation's successful answer looks like, declared in its descriptor
// (OperationSpec::resultShape) and checked against real answers by the dispatcher when contract
// checks are on (debug builds, or LEZPAY_CONTRACT_CHECKS=1) and by the table-walk test.
//
// A shape is JSON:
// - a string names a type: string, bool, u64, i64, number, u128 (decimal string of an unsigned
//   128-bit integer), hex (even number of hex digits), hex32 (64 hex digits), base58 (Bitcoin
//   alphabet text), object (any object), array (any array), null, any; alternatives join with
//   '|' ("string|null");
// - an object lists keys: "name" must be present, "name?" may be absent; every other key of the
//   answer is a mismatch unless the shape has "*" (the shape of any further key). At the top
//   level the envelope's "status" is implied;
// - an array of one shape: every element has that shape.
// A null shape is "undeclared": nothing is checked.

#include <string>

#include "lezpay/util/result.h"
#include "logos/json.h"

namespace logos::sdk {

// Ok when `value` has `shape`; otherwise an Error (code CONTRACT_MISMATCH) whose message names the
// path of the first difference ("$.accounts[2].account_id: expected hex32, got integer").
lezpay::util::Status checkShape(const Json& shape, const Json& value);

// Ok when `shape` is itself well-formed (known type names, arrays of exactly one shape).
lezpay::util::Status checkShapeDefinition(const Json& shape);

// The code of a broken contract (an answer that is not the declared shape, or an error code the
// module's table does not declare): the module has a bug, not the caller.
inline constexpr const char* kContractMismatch = "CONTRACT_MISMATCH";

}  // namespace logos::sdk
