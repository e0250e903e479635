#pragma once
// console_module's error table (logos/error_spec.h): the codes of its operations. module-info lists
// it and docs/errors.md is generated from it. The HTTP API's own codes (NOT_SIGNED_IN,
// CSRF_REJECTED, ...) are HTTP answers, listed in docs/protocol.md "console_module".

#include <vector>

#include "logos/error_spec.h"

namespace console {

std::vector<logos::ErrorSpec> consoleErrors();

}  // namespace console
