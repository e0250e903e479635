// Fuzz target: libs/mcp, the MCP JSON-RPC layer that reads what an MCP client sends over stdio or
// Streamable HTTP: decode / decodeEnvelope (message_codec.h) and a Session fed the text before and
// after initialize (session.h), plus findPaymentRequired over a decoded result.
// Properties: no crash; a decoded message re-encodes to text that decodes to the same message and
// re-encodes to the same text; a refusal carries -32700 or -32600 and a sentence; every reply a
// session gives is one line of valid JSON-RPC (a response, or an array of them for a batch).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "fuzz_check.h"
#include "lezpay/mcp/message_codec.h"
#include "lezpay/mcp/session.h"
#include "lezpay/mcp/tool.h"

namespace {

using namespace lezpay::mcp;

void checkReplies(const Step& step) {
  for (const auto& r : step.replies) {
    FUZZ_CHECK(!r.empty() && r.find('\n') == std::string::npos);
    auto env = decodeEnvelope(r, DecodeLimits{SIZE_MAX, 1024});
    if (const auto* m = std::get_if<Message>(&env)) {
      FUZZ_CHECK(m->kind == MessageKind::Result || m->kind == MessageKind::Error);
    } else {
      FUZZ_CHECK(std::holds_alternative<Batch>(env));
    }
  }
}

Session makeSession() {
  ToolDescriptor t;
  t.name = "echo";
  t.description = "echo";
  t.inputSchema = Json::parse(R"({"type":"object","additionalProperties":false,
    "properties":{"text":{"type":"string","description":"t","maxLength":10},"n":{"type":"integer","description":"n","minimum":0}},
    "required":["text"]})");
  return Session(ServerInfo{"fuzz", "0", "", ""}, {t});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  auto d = decode(text);
  if (const auto* m = std::get_if<Message>(&d)) {
    const std::string once = encodeMessage(*m);
    auto again = decode(once, DecodeLimits{SIZE_MAX, kMaxMessageDepth + 2});
    const auto* m2 = std::get_if<Message>(&again);
    FUZZ_CHECK(m2 != nullptr);
    FUZZ_CHECK(m2->kind == m->kind && m2->id == m->id && m2->method == m->method);
    FUZZ_CHECK(encodeMessage(*m2) == once);
    if (m->kind == MessageKind::Result) (void)findPaymentRequired(m->result);
  } else {
    const auto& f = std::get<DecodeFailure>(d);
    const RpcError e = f.toRpcError();
    FUZZ_CHECK(e.code == -32700 || e.code == -32600);
    FUZZ_CHECK(!f.message.empty());
    FUZZ_CHECK(f.id.is_null() || f.id.is_string() || f.id.is_number_integer());
  }

  // The same text before initialize, and after it under both versions (batches differ).
  Session fresh = makeSession();
  checkReplies(fresh.handleText(text));
  for (const char* version : {"2025-06-18", "2025-03-26"}) {
    Session s = makeSession();
    s.handleText(std::string(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")") + version + "\"}}");
    Step st = s.handleText(text);
    checkReplies(st);
    for (const auto& c : st.calls) {
      FUZZ_CHECK(c.name == "echo" && c.arguments.is_object() && c.meta.is_object());
      (void)s.progress(c.id, 1, 2.0, "p");
      auto answer = s.complete(c.id, textResult("ok"));
      // Only a call the same batch cancelled (or answered already, for a repeated id) stays silent.
      bool cancelled = false;
      for (const auto& id : st.cancelled) cancelled = cancelled || id == c.id;
      FUZZ_CHECK(answer.has_value() || cancelled);
    }
    FUZZ_CHECK(s.openCalls() == 0);
  }
  return 0;
}
