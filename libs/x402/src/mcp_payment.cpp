#include "x402/mcp_payment.h"

#include "x402/json_codec.h"

namespace x402 {

std::string mcpToolResourceUrl(std::string_view toolName) { return std::string(kMcpToolUrlPrefix) + std::string(toolName); }

Json mcpPaymentRequiredResult(const PaymentRequired& required, const std::optional<SettlementResponse>& failedSettlement,
                              const std::string& explanation) {
  const Json pr = toJson(required);
  Json out{{"content", Json::array({Json{{"type", "text"}, {"text", dumpJson(pr)}}})}, {"structuredContent", pr}, {"isError", true}};
  if (!explanation.empty()) out["content"].push_back(Json{{"type", "text"}, {"text", required.error.value_or("") + ": " + explanation}});
  if (failedSettlement) out["_meta"] = Json{{std::string(kMcpPaymentResponseMetaKey), toJson(*failedSettlement)}};
  return out;
}

Json mcpPaidResult(Json toolResult, const SettlementResponse& receipt) {
  if (!toolResult.is_object()) toolResult = Json::object();
  if (!toolResult.contains("_meta") || !toolResult["_meta"].is_object()) toolResult["_meta"] = Json::object();
  toolResult["_meta"][std::string(kMcpPaymentResponseMetaKey)] = toJson(receipt);
  return toolResult;
}

McpPaymentMeta mcpPaymentFromParams(const Json& callParams) {
  McpPaymentMeta out;
  if (!callParams.is_object()) return out;
  auto meta = callParams.find("_meta");
  if (meta == callParams.end() || !meta->is_object()) return out;
  auto p = meta->find(std::string(kMcpPaymentMetaKey));
  // mcp.md §9.2.1: only an object with x402Version and payload counts as a payment attempt.
  if (p == meta->end() || !p->is_object() || !p->contains("x402Version") || !p->contains("payload")) return out;
  auto decoded = parsePaymentPayload(*p);
  if (!decoded.ok()) {
    out.kind = McpPaymentMeta::Kind::Malformed;
    out.error = decoded.error();
    return out;
  }
  out.kind = McpPaymentMeta::Kind::Present;
  out.payload = std::move(decoded).value();
  return out;
}

Json mcpParamsWithPayment(Json callParams, const PaymentPayload& payload) {
  if (!callParams.is_object()) callParams = Json::object();
  if (!callParams.contains("_meta") || !callParams["_meta"].is_object()) callParams["_meta"] = Json::object();
  callParams["_meta"][std::string(kMcpPaymentMetaKey)] = toJson(payload);
  return callParams;
}

std::optional<PaymentRequired> mcpChallengeOfResult(const Json& toolResult) {
  if (!toolResult.is_object()) return std::nullopt;
  auto isError = toolResult.find("isError");
  if (isError == toolResult.end() || !isError->is_boolean() || !isError->get<bool>()) return std::nullopt;
  if (auto sc = toolResult.find("structuredContent"); sc != toolResult.end()) {
    if (auto pr = parsePaymentRequired(*sc); pr.ok()) return std::move(pr).value();
  }
  auto content = toolResult.find("content");
  if (content == toolResult.end() || !content->is_array() || content->empty()) return std::nullopt;
  const Json& first = (*content)[0];
  if (!first.is_object() || first.value("type", std::string()) != "text") return std::nullopt;
  auto text = first.find("text");
  if (text == first.end() || !text->is_string()) return std::nullopt;
  auto j = parseJsonText(text->get<std::string>());
  if (!j.ok()) return std::nullopt;
  auto pr = parsePaymentRequired(j.value());
  if (!pr.ok()) return std::nullopt;
  return std::move(pr).value();
}

std::optional<PaymentRequired> mcpChallengeOfError(const Json& rpcError) {
  if (!rpcError.is_object()) return std::nullopt;
  auto code = rpcError.find("code");
  if (code == rpcError.end() || !code->is_number_integer()) return std::nullopt;
  const auto c = code->get<std::int64_t>();
  if (c != -32042 && c != 402) return std::nullopt;
  auto data = rpcError.find("data");
  if (data == rpcError.end() || !data->is_object()) return std::nullopt;
  if (auto pr = parsePaymentRequired(*data); pr.ok()) return std::move(pr).value();
  if (auto inner = data->find("x402"); inner != data->end()) {
    if (auto pr = parsePaymentRequired(*inner); pr.ok()) return std::move(pr).value();
  }
  return std::nullopt;
}

std::optional<SettlementResponse> mcpReceiptOfResult(const Json& toolResult) {
  if (!toolResult.is_object()) return std::nullopt;
  auto meta = toolResult.find("_meta");
  if (meta == toolResult.end() || !meta->is_object()) return std::nullopt;
  auto r = meta->find(std::string(kMcpPaymentResponseMetaKey));
  if (r == meta->end()) return std::nullopt;
  auto s = parseSettlementResponse(*r);
  if (!s.ok()) return std::nullopt;
  return std::move(s).value();
}

}  // namespace x402
