// Fuzz target: what a module reads from the boundary — a client's params object checked against a
// descriptor with every parameter type (sdk/param_check.h: checkParams, then checkValues for
// account ids and amount halves) and read through the typed accessors (sdk/args.h), and the
// wallet answer other modules parse (interfaces/logos/wallet_answers.h).
// Properties: no crash, no exception from the checks or the parser; a refusal has a stable code
// and a sentence; whatever passes both checks can be read by every accessor of its declared type
// (an accessor that throws on checked input is a checker bug); an amount read through u128() or
// parsed from a wallet answer is the value its decimal text says, exactly.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "lezpay/util/json_parse.h"
#include "logos/sdk/args.h"
#include "logos/sdk/param_check.h"
#include "logos/sdk/result_shape.h"
#include "logos/wallet_answers.h"

using logos::Json;
using logos::OperationSpec;
using logos::ParamType;

namespace {

const OperationSpec& spec() {
  static const OperationSpec s{"every_type",
                               "one parameter of each type",
                               {{"s", ParamType::String, false, nullptr, "string"},
                                {"u", ParamType::U64, false, nullptr, "u64"},
                                {"i", ParamType::I64, false, nullptr, "i64"},
                                {"w", ParamType::U128, false, nullptr, "u128"},
                                {"b", ParamType::Bool, false, nullptr, "bool"},
                                {"o", ParamType::Object, false, nullptr, "object"},
                                {"a", ParamType::Array, false, nullptr, "array"},
                                {"h", ParamType::Hex, false, nullptr, "hex"},
                                {"h32", ParamType::Hex32, false, nullptr, "hex32"},
                                {"x", ParamType::Any, false, nullptr, "any"},
                                {"acct", ParamType::Account, false, nullptr, "account"},
                                {"amt", ParamType::Amount, false, nullptr, "amount"},
                                {"by", ParamType::Bytes, false, nullptr, "bytes"},
                                {"d", ParamType::Double, false, nullptr, "double"},
                                {"sl", ParamType::StringList, false, nullptr, "string list"},
                                {"il", ParamType::I64List, false, nullptr, "i64 list"},
                                {"ul", ParamType::U64List, false, nullptr, "u64 list"},
                                {"dl", ParamType::DoubleList, false, nullptr, "double list"},
                                {"bl", ParamType::BoolList, false, nullptr, "bool list"}}};
  return s;
}

void readEverything(const logos::sdk::Args& args) {
  for (const auto& p : spec().params) {
    if (!args.has(p.name)) continue;
    switch (p.type) {
      case ParamType::String: (void)args.str(p.name); break;
      case ParamType::U64: (void)args.u64(p.name); break;
      case ParamType::I64: (void)args.i64(p.name); break;
      case ParamType::Bool: (void)args.boolean(p.name); break;
      case ParamType::Hex: (void)args.hex(p.name); break;
      case ParamType::Hex32: (void)args.hex32(p.name); break;
      case ParamType::Account: (void)args.account(p.name); break;
      case ParamType::U128:
      case ParamType::Amount: {
        const auto v = args.u128(p.name);
        // Given as halves, the amount has no decimal text to compare with.
        auto given = args.json().find(p.name);
        if (given != args.json().end() && given->is_string()) FUZZ_CHECK(v.toDecimal() == given->get<std::string>());
        break;
      }
      case ParamType::Bytes: {
        // Bytes re-encode to text that decodes to the same bytes (the canonical, unpadded form).
        const auto bytes = args.bytes(p.name);
        auto again = logos::sdk::decodeBytesParam(logos::sdk::bytesJson(bytes));
        FUZZ_CHECK(again.ok() && again.value() == bytes);
        break;
      }
      case ParamType::Double: (void)args.f64(p.name); break;
      case ParamType::StringList: (void)args.strList(p.name); break;
      case ParamType::I64List: (void)args.i64List(p.name); break;
      case ParamType::U64List: (void)args.u64List(p.name); break;
      case ParamType::DoubleList: (void)args.f64List(p.name); break;
      case ParamType::BoolList: (void)args.boolList(p.name); break;
      default: (void)args.value(p.name); break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed = lezpay::util::parseJson(std::string(reinterpret_cast<const char*>(data), size));
  if (!parsed.ok()) return 0;
  const Json& input = parsed.value();

  auto checked = logos::sdk::checkParams(spec(), input);
  if (!checked.ok()) {
    FUZZ_CHECK(!checked.error().code.empty() && !checked.error().message.empty());
  } else if (auto values = logos::sdk::checkValues(spec(), checked.value()); !values.ok()) {
    FUZZ_CHECK(!values.error().code.empty() && !values.error().message.empty());
  } else {
    try {
      readEverything(logos::sdk::Args(spec(), checked.value()));
    } catch (...) {
      FUZZ_CHECK(false && "an accessor refused input both checks accepted");
    }
  }

  auto account = logos::wallet_answers::parseAccount(input);
  if (!account.ok()) {
    FUZZ_CHECK(account.error().code == logos::wallet_answers::kWalletBadAnswer && !account.error().message.empty());
  } else {
    // The amounts it answers are the decimal texts it was given, exactly.
    FUZZ_CHECK(account->balance.toDecimal() == input["balance_decimal"].get<std::string>());
    FUZZ_CHECK(account->nonce.toDecimal() == input["nonce_decimal"].get<std::string>());
  }
  (void)logos::sdk::checkShape(logos::wallet_answers::accountShape(), input);
  return 0;
}
