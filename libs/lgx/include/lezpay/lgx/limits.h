#pragma once
// Bounds on what the reader accepts, so a hostile package cannot exhaust memory or time:
// a gzip bomb stops at maxUnpackedBytes, a header flood at maxEntries.
#include <cstddef>

namespace lezpay::lgx {

struct Limits {
  std::size_t maxPackageBytes = 256u * 1024 * 1024;   // the compressed .lgx
  std::size_t maxUnpackedBytes = 512u * 1024 * 1024;  // the tar stream after gunzip
  std::size_t maxEntries = 512;                       // tar entries, directories included
  std::size_t maxPathBytes = 255;                     // what ustar name + prefix can carry
  std::size_t maxManifestBytes = 64 * 1024;
};

}  // namespace lezpay::lgx
