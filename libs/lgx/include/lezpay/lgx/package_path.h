#pragma once
// The path rule for every entry of a package and every `main` value: relative, '/'-separated
// segments of printable ASCII, none empty, '.' or '..', no '\'. ASCII keeps paths trivially
// NFC-normalised (logos-core.md §21) without Unicode tables; no segment can climb out of the
// directory a package is unpacked into.
#include <cstddef>
#include <string_view>

#include "lezpay/util/result.h"

namespace lezpay::lgx {

util::Status checkPackagePath(std::string_view path, std::size_t maxBytes);

}  // namespace lezpay::lgx
