#pragma once
// MCP tools (mcp.md §7): descriptors with JSON Schemas, the check of `tools/call` arguments against
// a descriptor's inputSchema, and tool results (`content`, `structuredContent`, `isError`,
// `_meta`), including the x402 payment-required challenge (mcp.md §9.1). Pure.
//
// Schemas: inputSchema is a JSON Schema object; checkArguments enforces the subset our tools use:
// top-level "type":"object", "properties" whose members declare "type" (string, integer, number,
// boolean, object, array; or a list of them), "enum", "minLength"/"maxLength" for strings,
// "minimum"/"maximum" for numbers, "required", and "additionalProperties": false. Other keywords
// are carried to the client untouched and not enforced here.
//
// Tool errors: a failure of the tool itself (bad values, upstream down, refusal, payment required)
// is a result with isError true, visible to the model, carrying a stable code and a sentence:
// content [{"type":"text","text":"<CODE>: <sentence>"}], structuredContent
// {"code","message",...details}. Tools that can fail this way declare no outputSchema (mcp.md §8:
// the SDK validates structuredContent against it even when isError).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lezpay/util/result.h"

namespace lezpay::mcp {

using Json = nlohmann::json;

struct ToolDescriptor {
  std::string name;         // 1..kMaxToolNameChars of [A-Za-z0-9_.-]
  std::string title;        // "" = absent
  std::string description;  // for the model: what it does, what it costs, when to use it
  Json inputSchema;         // object schema; null = {"type":"object","additionalProperties":false}
  Json outputSchema;        // null = absent
  Json annotations;         // null = absent (readOnlyHint, destructiveHint, idempotentHint, openWorldHint)
};

// The descriptor as listed by tools/list.
Json encodeTool(const ToolDescriptor& tool);
// {"tools":[…]} for one page (we never paginate, mcp.md §6).
Json encodeToolList(const std::vector<ToolDescriptor>& tools);

bool isValidToolName(std::string_view name);
// Checks a descriptor before it is served: its name, an object inputSchema, property schemas of
// known types, `required` naming declared properties. Error code INVALID_TOOL.
util::Status checkDescriptor(const ToolDescriptor& tool);

// Checks `arguments` (an object; null counts as {}) against tool.inputSchema. Error code
// INVALID_ARGUMENTS, message naming the argument: "arguments.max_amount: must be a string".
util::Status checkArguments(const ToolDescriptor& tool, const Json& arguments);

struct ToolResult {
  Json content = Json::array();  // content blocks
  Json structuredContent;        // object, or null = absent
  bool isError = false;
  Json meta;                     // object for result._meta, or null = absent
};

Json encodeToolResult(const ToolResult& result);
// A text block {"type":"text","text":…}.
Json textBlock(std::string text);
// A successful result carrying `value` as structuredContent and as its JSON text (mcp.md §7).
ToolResult structuredResult(Json value);
// A successful result of one text block.
ToolResult textResult(std::string text);
// A tool error: isError, "<code>: <message>" as text, structuredContent {code, message, ...details}
// (details: an object whose members are added; other values are ignored).
ToolResult errorResult(std::string_view code, std::string_view message, const Json& details = nullptr);

// The x402 challenge (mcp.md §9.1): isError, structuredContent = paymentRequired, content[0] its
// JSON text.
ToolResult paymentRequiredResult(const Json& paymentRequired);
// Client side (mcp.md §9.3 step 1): the PaymentRequired of a tools/call result when the result is
// an x402 challenge: isError, and an object with x402Version 2 and a non-empty `accepts` array in
// structuredContent, else in the JSON of content[0].text. nullopt otherwise.
std::optional<Json> findPaymentRequired(const Json& result);

}  // namespace lezpay::mcp
