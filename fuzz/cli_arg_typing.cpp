// Fuzz target: `logoscore call` argument typing (host/src/arg_typing.cpp, logos-core.md §9). The
// input up to the first newline is the argument; the rest is what any @file / json:@file reads.
// Properties: no crash, no exception, no unbounded recursion; a failure is INVALID_ARGS; a typed
// value dumps without error; json:<text> gives the value parseJson gives, and typing
// json:<its dump> again gives the same value; str:<text> is the text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "lezpay/util/json_parse.h"
#include "logos/host/arg_typing.h"

using logos::Json;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string arg = input.substr(0, newline);
  const std::string file = newline == std::string::npos ? std::string() : input.substr(newline + 1);
  const logos::host::FileReader reader = [&file](const std::string&) -> lezpay::util::Result<std::string> { return file; };

  auto typed = logos::host::typeArgument(arg, reader);
  if (!typed.ok()) {
    FUZZ_CHECK(typed.error().code == "INVALID_ARGS");
    FUZZ_CHECK(!typed.error().message.empty());
    return 0;
  }
  const Json& v = typed.value();
  const std::string text = v.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (arg.rfind("str:", 0) == 0) FUZZ_CHECK(v == Json(arg.substr(4)));
  if (arg.rfind("json:", 0) == 0) {
    if (arg.rfind("json:@", 0) != 0) {
      auto direct = lezpay::util::parseJson(arg.substr(5));
      FUZZ_CHECK(direct.ok() && direct.value() == v);
    }
    auto again = logos::host::typeArgument("json:" + text, reader);
    FUZZ_CHECK(again.ok() && again.value() == v);
  }
  return 0;
}
