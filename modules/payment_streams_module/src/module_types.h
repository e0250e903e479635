#pragma once
// The names the module's files share: the LEZ and SDK types its operations speak in, and the
// error envelope its handlers answer with. Parameters arrive already checked and decoded through
// logos::sdk::Args (operation_params.h), so nothing here parses a request.

#include <string>

#include "error_codes.h"
#include "lez/core/account_id.h"
#include "lez/core/u128.h"
#include "lezpay/util/result.h"
#include "logos/envelope.h"
#include "logos/json.h"

namespace payment_streams {

using logos::Json;
using lez::core::AccountId;
using lez::core::U128;
using lezpay::util::Error;
using lezpay::util::Result;

// {"status":"error","code":..,"message":..}
inline Json errorJson(const std::string& code, const std::string& message) { return logos::errorEnvelope(code, message); }
inline Json errorJson(const Error& e) { return errorJson(e.code, e.message); }

}  // namespace payment_streams
