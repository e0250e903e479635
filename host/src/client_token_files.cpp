#include "logos/host/client_token_files.h"

#include "lezpay/util/json_parse.h"
#include "logos/error_codes.h"

namespace logos::host {

lezpay::util::Result<std::string> tokenFileFromClientConfig(const std::string& path, const std::string& text) {
  const std::string code(toString(ErrorCode::Unauthorized));
  auto j = lezpay::util::parseJson(text);
  if (!j.ok()) return lezpay::util::Error{code, path + " is " + j.error().message};
  const auto& c = j.value();
  if (c.is_object() && c.contains("token_file") && c["token_file"].is_string()) return c["token_file"].get<std::string>();
  return std::string("auto.json");
}

lezpay::util::Result<std::string> tokenFromTokenFile(const std::string& path, const std::string& text) {
  const std::string code(toString(ErrorCode::Unauthorized));
  auto j = lezpay::util::parseJson(text);
  if (j.ok() && j.value().is_object() && j.value().contains("token") && j.value()["token"].is_string()) {
    return j.value()["token"].get<std::string>();
  }
  return lezpay::util::Error{code, path + " does not hold {\"token\": \"...\"}"};
}

}  // namespace logos::host
