#pragma once
// delivery_module's error table: every code its operations answer, with what it means and what
// the caller can do (logos/error_spec.h). module-info lists it and docs/errors.md is generated
// from it. Store status codes (200/300/400/429/503 and their descriptions) are the Store wire's,
// carried in statusCode/statusDesc of a query answer, not here.

#include <vector>

#include "logos/error_spec.h"

namespace delivery {

std::vector<logos::ErrorSpec> deliveryErrors();

}  // namespace delivery
