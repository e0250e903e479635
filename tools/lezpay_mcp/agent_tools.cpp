#include "agent_tools.h"

namespace lezpay::mcpserver {

namespace {

using mcp::Json;

Json prop(const char* type, const char* description) { return Json{{"type", type}, {"description", description}}; }

Json amountProp(const char* description) {
  return Json{{"type", Json::array({"string", "integer"})}, {"description", description}};
}

Json readOnly() {
  return Json{{"readOnlyHint", true}, {"destructiveHint", false}, {"idempotentHint", true}, {"openWorldHint", false}};
}

}  // namespace

std::vector<mcp::ToolDescriptor> agentTools() {
  std::vector<mcp::ToolDescriptor> tools;

  mcp::ToolDescriptor fetch;
  fetch.name = "fetch_paid";
  fetch.title = "Fetch a paid (x402) web resource";
  fetch.description =
      "GET an http(s) URL. Free resources are returned at once. When the server asks for an x402 payment (HTTP 402), "
      "a spend request is opened for the owner of the wallet, who approves or declines it in the lez-pay console; "
      "nothing is paid without that approval. With wait_seconds > 0 the call waits that long for the decision "
      "(sending progress notifications) and, once approved, pays and returns the content with the settlement; "
      "otherwise it returns status approval_pending with the spend_request_id and the console URL: call fetch_paid "
      "again later (or pass spend_request_id) to pay once approved. Amounts are decimal strings in the asset's "
      "smallest unit.";
  fetch.inputSchema = Json{
      {"type", "object"},
      {"additionalProperties", false},
      {"properties",
       {{"url", Json{{"type", "string"}, {"minLength", 1}, {"maxLength", 4096}, {"description", "the http(s) URL to GET"}}},
        {"reason", Json{{"type", "string"}, {"maxLength", 2000},
                        {"description", "shown to the owner: what is bought and why, at least 100 characters (the agent policy's minimum)"}}},
        {"max_amount", amountProp("the most you agree to pay (decimal string of an unsigned 128-bit integer); a higher price is refused with AMOUNT_ABOVE_MAX before the owner is asked")},
        {"wait_seconds", Json{{"type", "integer"}, {"minimum", 0}, {"maximum", 3600},
                              {"description", "how long to wait for the owner's decision (0 = return approval_pending at once); bounded by the server's max_wait_seconds"}}},
        {"spend_request_id", prop("string", "pay with this approved spend request (lsrq_...) instead of finding or opening one")},
        {"merchant_name", prop("string", "a name for the merchant shown to the owner (default: the URL's host)")}}},
      {"required", Json::array({"url", "reason", "max_amount"})}};
  fetch.annotations = Json{{"readOnlyHint", false}, {"destructiveHint", false}, {"idempotentHint", false}, {"openWorldHint", true}};
  tools.push_back(fetch);

  mcp::ToolDescriptor status;
  status.name = "spend_request_status";
  status.title = "Status of a spend request";
  status.description =
      "The current state of one spend request: created, pending_approval, approved, denied, expired, canceled, "
      "succeeded or failed, with amount, merchant, reason, deadlines and (after payment) the settlement.";
  status.inputSchema = Json{{"type", "object"},
                            {"additionalProperties", false},
                            {"properties", {{"spend_request_id", prop("string", "the id, lsrq_ followed by 24 hex digits")}}},
                            {"required", Json::array({"spend_request_id"})}};
  status.annotations = readOnly();
  tools.push_back(status);

  mcp::ToolDescriptor list;
  list.name = "list_spend_requests";
  list.title = "List spend requests";
  list.description = "The agent's spend requests, newest first, optionally only those of one status.";
  list.inputSchema = Json{
      {"type", "object"},
      {"additionalProperties", false},
      {"properties",
       {{"status", Json{{"type", "string"},
                        {"enum", Json::array({"created", "pending_approval", "approved", "denied", "expired", "canceled", "succeeded", "failed"})},
                        {"description", "only requests in this status"}}},
        {"limit", Json{{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"description", "at most this many (default 100)"}}}}}};
  list.annotations = readOnly();
  tools.push_back(list);

  mcp::ToolDescriptor balance;
  balance.name = "wallet_balance";
  balance.title = "Wallet balance";
  balance.description = "The native balance of the owner's paying account (or of another account), as a decimal string of the smallest unit.";
  balance.inputSchema = Json{{"type", "object"},
                             {"additionalProperties", false},
                             {"properties", {{"account_id", prop("string", "an account id (base58 or 64 hex); default: the agent's owner account")}}}};
  balance.annotations = readOnly();
  tools.push_back(balance);

  mcp::ToolDescriptor store;
  store.name = "store_query";
  store.title = "Paid Waku Store query";
  store.description =
      "Query a Waku Store node for archived messages, paying per query with x402 (payment proof_of_payment, the "
      "provider's Store price, bounded by max_amount and the owner's caps) or with the owner's payment stream "
      "(payment stream_proof with stream_id). Returns the messages (payload as text when it is UTF-8, else base64) "
      "and a pagination cursor when more follow.";
  store.inputSchema = Json{
      {"type", "object"},
      {"additionalProperties", false},
      {"properties",
       {{"content_topics", Json{{"type", "array"}, {"description", "content topics to match, e.g. [\"/app/1/chat/proto\"]"}}},
        {"pubsub_topic", prop("string", "the pubsub topic (default /waku/2/default-waku/proto)")},
        {"start_time", Json{{"type", "integer"}, {"minimum", 0}, {"description", "only messages at or after this time (Unix ns)"}}},
        {"end_time", Json{{"type", "integer"}, {"minimum", 0}, {"description", "only messages before this time (Unix ns)"}}},
        {"page_size", Json{{"type", "integer"}, {"minimum", 1}, {"maximum", 100}, {"description", "messages per page (default 20)"}}},
        {"cursor", prop("string", "the pagination cursor of a previous answer (64 hex)")},
        {"payment", Json{{"type", "string"}, {"enum", Json::array({"proof_of_payment", "stream_proof"})},
                         {"description", "how to pay: proof_of_payment (x402, default) or stream_proof (needs stream_id)"}}},
        {"stream_id", Json{{"type", Json::array({"string", "integer"})}, {"description", "the owner's stream paying the provider (stream_proof)"}}},
        {"max_amount", amountProp("the most one query may cost (proof_of_payment); required for it")},
        {"peer_addr", prop("string", "the Store node's multiaddr (default: the configured one, else the delivery node's)")}}},
      {"required", Json::array({"content_topics"})}};
  store.annotations = Json{{"readOnlyHint", false}, {"destructiveHint", false}, {"idempotentHint", false}, {"openWorldHint", true}};
  tools.push_back(store);

  mcp::ToolDescriptor streams;
  streams.name = "stream_status";
  streams.title = "Payment streams";
  streams.description =
      "The owner's vault and its payment streams: vault balance and unallocated funds, and for each stream its state, "
      "allocation, accrued and remaining amounts and the depletion time.";
  streams.inputSchema = Json{
      {"type", "object"},
      {"additionalProperties", false},
      {"properties",
       {{"vault_id", Json{{"type", Json::array({"string", "integer"})}, {"description", "the vault id (default: the configured one)"}}},
        {"owner", prop("string", "the vault owner's account (default: the configured one, else the agent's owner)")}}}};
  streams.annotations = readOnly();
  tools.push_back(streams);

  mcp::ToolDescriptor paid;
  paid.name = "call_paid_tool";
  paid.title = "Call a paid tool on another MCP server";
  paid.description =
      "Call a tool of another MCP server that charges per call with the x402 MCP transport. The price is learned by "
      "calling; paying needs the owner's approval of a spend request exactly as fetch_paid (wait_seconds, "
      "spend_request_id). Returns the tool's result and the settlement.";
  paid.inputSchema = Json{
      {"type", "object"},
      {"additionalProperties", false},
      {"properties",
       {{"server_url", Json{{"type", "string"}, {"minLength", 1}, {"maxLength", 4096}, {"description", "the server's Streamable HTTP endpoint, e.g. http://127.0.0.1:8123/mcp"}}},
        {"tool", Json{{"type", "string"}, {"minLength", 1}, {"maxLength", 128}, {"description", "the tool's name on that server"}}},
        {"arguments", Json{{"type", "object"}, {"description", "the tool's arguments"}}},
        {"reason", Json{{"type", "string"}, {"maxLength", 2000}, {"description", "shown to the owner: what is bought and why, at least 100 characters"}}},
        {"max_amount", amountProp("the most you agree to pay for this call")},
        {"wait_seconds", Json{{"type", "integer"}, {"minimum", 0}, {"maximum", 3600}, {"description", "how long to wait for the owner's decision (0 = return approval_pending at once)"}}},
        {"spend_request_id", prop("string", "pay with this approved spend request")}}},
      {"required", Json::array({"server_url", "tool", "reason", "max_amount"})}};
  paid.annotations = Json{{"readOnlyHint", false}, {"destructiveHint", false}, {"idempotentHint", false}, {"openWorldHint", true}};
  tools.push_back(paid);

  return tools;
}

}  // namespace lezpay::mcpserver
