#pragma once
// The stable refusal codes of the .lgx reader (docs/protocol.md "Module packages"). Every
// refusal is a util::Error whose code is one of these strings and whose message names the
// entry or field at fault.
#include <string>
#include <string_view>

#include "lezpay/util/result.h"

namespace lezpay::lgx {

enum class LgxError {
  Archive,   // not gzip, not ustar, truncated, bad checksum, trailing bytes
  Limit,     // a size, count or length limit of Limits is exceeded
  Path,      // an entry path is absolute, has '.', '..', empty segments, '\', or non-printable bytes
  Type,      // an entry is a link, device, FIFO or an extended header
  Layout,    // a root entry other than manifest.json, manifest.sig, variants/, docs/, licenses/; duplicates
  Manifest,  // manifest.json missing, not JSON, or a field missing or of the wrong form
  Hash,      // the manifest's hashes differ from the content
  Variant,   // no variant this host can load, or a variant without its main file
};

std::string_view toString(LgxError e);
util::Error lgxError(LgxError e, std::string message);

}  // namespace lezpay::lgx
