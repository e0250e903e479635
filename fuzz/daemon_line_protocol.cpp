// Fuzz target: one client RPC request line as the daemon decodes it (host/src/request_line.cpp,
// docs/protocol.md §1): decodeRequestLine, checkRequest and the typed parameter readers.
// Properties: no crash, no exception, no unbounded recursion; every failure is a well-formed
// RPC_FAILED envelope whose text dumps without error; a decoded request re-encodes to a line that
// decodes to the same request.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "logos/envelope.h"
#include "logos/host/request_line.h"

using logos::Json;

namespace {

void checkAnswer(const lezpay::util::Error& error) {
  const Json answer = logos::host::requestErrorEnvelope(error);
  FUZZ_CHECK(logos::isWellFormedEnvelope(answer));
  FUZZ_CHECK(answer["code"] == "RPC_FAILED");
  (void)answer.dump();  // strict UTF-8: a message never carries raw input bytes
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  auto request = logos::host::decodeRequestLine(line);
  if (!request.ok()) {
    checkAnswer(request.error());
    return 0;
  }
  const logos::host::RequestLine& r = request.value();
  const Json reencoded{{"id", r.id}, {"token", r.token}, {"method", r.method}, {"params", r.params}};
  auto again = logos::host::decodeRequestLine(reencoded.dump());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again.value().id == r.id && again.value().token == r.token && again.value().method == r.method &&
             again.value().params == r.params);

  auto call = logos::host::checkRequest(r);
  if (!call.ok()) {
    checkAnswer(call.error());
    return 0;
  }
  const Json& params = call.value().params;
  FUZZ_CHECK(params.is_object());
  (void)logos::host::stringParam(params, "module");
  if (auto loaded = logos::host::boolParam(params, "loaded", false); !loaded.ok()) checkAnswer(loaded.error());
  if (auto timeout = logos::host::callTimeoutParam(params); timeout.ok()) {
    FUZZ_CHECK(timeout.value() >= 0 && timeout.value() <= logos::host::kMaxCallTimeoutMs);
  } else {
    checkAnswer(timeout.error());
  }
  return 0;
}
