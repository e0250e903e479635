#pragma once
// A module's self-description read back from the JSON that toJson (logos/operation.h,
// logos/error_spec.h) writes: how the daemon learns the operations, events and errors of a module
// that runs in a child process. Pure. Lenient on the field level (a missing doc is ""), strict on
// shape: an element that is not an object, a nameless entry or an unknown parameter type is an
// error (code FRAME_MALFORMED) naming the entry, since the child is the daemon's own binary and a
// mismatch means the two were built apart.

#include <vector>

#include "lezpay/util/result.h"
#include "logos/error_spec.h"
#include "logos/json.h"
#include "logos/operation.h"

namespace logos::host {

struct ModuleSpecs {
  std::vector<OperationSpec> operations;
  std::vector<EventSpec> events;
  std::vector<ErrorSpec> errors;
};

Json specsToJson(const std::vector<OperationSpec>& operations, const std::vector<EventSpec>& events,
                 const std::vector<ErrorSpec>& errors);
lezpay::util::Result<ModuleSpecs> specsFromJson(const Json& j);

}  // namespace logos::host
