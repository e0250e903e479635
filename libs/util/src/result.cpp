#include "lezpay/util/result.h"

namespace lezpay::util {

Error makeError(std::string code, std::string message) {
  return Error{std::move(code), std::move(message)};
}

}  // namespace lezpay::util
