#pragma once
// gzip (RFC 1952) over zlib, one member. Compression is deterministic: header mtime 0, no file
// name, OS byte 0xFF, so the same input always gives the same bytes.
#include <cstddef>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"

namespace lezpay::lgx {

std::string gzipCompress(std::string_view data);

// One gzip member, nothing after it. LGX_ARCHIVE when the bytes are not gzip, are truncated or
// fail the CRC; LGX_LIMIT as soon as the output would pass maxOut.
util::Result<std::string> gzipDecompress(std::string_view gz, std::size_t maxOut);

}  // namespace lezpay::lgx
