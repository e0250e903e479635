#pragma once
// Base58 lives in lezpay::util (libs/util/include/lezpay/util/base58.h) so that libraries and
// modules below LEZ can read account ids without the chain library; lez::core names it (spec §1).

#include "lez/core/errors.h"
#include "lezpay/util/base58.h"

namespace lez::core {

using lezpay::util::base58Decode;
using lezpay::util::base58Encode;
using lezpay::util::kMaxBase58TextLength;

}  // namespace lez::core
