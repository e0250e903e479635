#pragma once
// U128 lives in lezpay::util (libs/util/include/lezpay/util/u128.h) so that libraries below LEZ can
// carry amounts; lez::core names it and adds the LEZ meanings of the type (spec §2).

#include "lez/core/errors.h"
#include "lezpay/util/u128.h"

namespace lez::core {

using lezpay::util::kU128MaxDecimalDigits;
using lezpay::util::U128;

using Amount = U128;  // native-token balance
using Nonce = U128;   // per-account replay counter

}  // namespace lez::core
