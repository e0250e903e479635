// Fuzz target: libs/jsonrpc, the JSON-RPC 2.0 layer between lez-localnet and its clients:
// parseExact (exact_json.h), parseRequest and readResponse (jsonrpc.h), which read text from
// peers, and u128Text over every value parsed.
// Properties: no crash; parseExact → dumpExact → parseExact gives the same value; a parsed
// request re-written as JSON-RPC text parses to the same request; an error answer carries -32700
// or -32600; readResponse answers the result, an RPC_<code> error or RPC_BAD_RESPONSE, and an
// answer written by resultResponse/errorResponse reads back as that result or error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "fuzz_check.h"
#include "lezpay/jsonrpc/exact_json.h"
#include "lezpay/jsonrpc/jsonrpc.h"

namespace {

using lezpay::jsonrpc::Json;

constexpr std::int64_t kExpectedId = 7;

void checkU128(const Json& v, int depth) {
  if (auto t = lezpay::jsonrpc::u128Text(v); t.ok()) {
    FUZZ_CHECK(!t->empty() && t->size() <= 39);
    for (char c : *t) FUZZ_CHECK(c >= '0' && c <= '9');
  }
  if (depth > 8 || !v.is_structured()) return;
  for (const auto& e : v) checkU128(e, depth + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  auto parsed = lezpay::jsonrpc::parseExact(text);
  if (parsed.ok()) {
    const std::string dumped = lezpay::jsonrpc::dumpExact(*parsed);
    auto again = lezpay::jsonrpc::parseExact(dumped);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(*again == *parsed);
    FUZZ_CHECK(lezpay::jsonrpc::dumpExact(*again) == dumped);
    checkU128(*parsed, 0);
  } else {
    FUZZ_CHECK(parsed.error().code.rfind("JSON_", 0) == 0);  // util::parseJson's codes
  }

  const auto request = lezpay::jsonrpc::parseRequest(text);
  if (const auto* r = std::get_if<lezpay::jsonrpc::RpcRequest>(&request)) {
    FUZZ_CHECK(parsed.ok());
    FUZZ_CHECK(r->params.is_array() || r->params.is_object());
    Json j{{"jsonrpc", "2.0"}, {"method", r->method}, {"params", r->params}};
    if (!r->notification) j["id"] = r->id;
    const auto back = lezpay::jsonrpc::parseRequest(lezpay::jsonrpc::dumpExact(j));
    const auto* b = std::get_if<lezpay::jsonrpc::RpcRequest>(&back);
    FUZZ_CHECK(b != nullptr);
    FUZZ_CHECK(b->method == r->method && b->params == r->params && b->id == r->id && b->notification == r->notification);
    (void)lezpay::jsonrpc::param(r->params, 0, {"account_id", "accountId"});
    // The server's answer to it is itself a readable response.
    const Json id = r->id.is_null() ? Json(kExpectedId) : r->id;
    if (id == Json(kExpectedId)) {
      auto res = lezpay::jsonrpc::readResponse(lezpay::jsonrpc::resultResponse(id, r->params), kExpectedId);
      FUZZ_CHECK(res.ok() && *res == r->params);
    }
  } else {
    const auto& f = std::get<lezpay::jsonrpc::ParseFailure>(request);
    FUZZ_CHECK(f.error.code == -32700 || f.error.code == -32600);
    FUZZ_CHECK(!f.error.message.empty());
    FUZZ_CHECK(f.error.code == -32700 || parsed.ok());
    // errorResponse must produce text that reads back as that error.
    auto e = lezpay::jsonrpc::readResponse(lezpay::jsonrpc::errorResponse(Json(kExpectedId), f.error), kExpectedId);
    FUZZ_CHECK(!e.ok() && e.error().code == "RPC_" + std::to_string(f.error.code));
  }

  auto answer = lezpay::jsonrpc::readResponse(text, kExpectedId);
  if (answer.ok()) {
    FUZZ_CHECK(parsed.ok() && parsed->is_object() && parsed->contains("result"));
  } else {
    FUZZ_CHECK(answer.error().code.rfind("RPC_", 0) == 0);
  }
  return 0;
}
