#include "lezpay/lgx/lgx_error.h"

namespace lezpay::lgx {

std::string_view toString(LgxError e) {
  switch (e) {
    case LgxError::Archive: return "LGX_ARCHIVE";
    case LgxError::Limit: return "LGX_LIMIT";
    case LgxError::Path: return "LGX_PATH";
    case LgxError::Type: return "LGX_ENTRY_TYPE";
    case LgxError::Layout: return "LGX_LAYOUT";
    case LgxError::Manifest: return "LGX_MANIFEST";
    case LgxError::Hash: return "LGX_HASH_MISMATCH";
    case LgxError::Variant: return "LGX_VARIANT";
  }
  return "LGX_ARCHIVE";
}

util::Error lgxError(LgxError e, std::string message) { return util::makeError(std::string(toString(e)), std::move(message)); }

}  // namespace lezpay::lgx
