// Fuzz target: what a Store server makes of a request from a peer before it touches the archive
// or a module (modules/delivery_module, pure core): selectionFromRequest and toRejection
// (store_request_policy.h) over a decoded StoreQueryRequest, proofArm and HookRegistry::lookup
// (hook_routing.h) over its eligibility proof, and verdictFromAnswer over the input read as a
// verifier's JSON answer.
// Properties: no crash and no exception; a selection keeps the request's filters, a page size in
// 1..kMaxPageSize and an inclusive end one below the request's; a refusal maps to 400 or 300
// with a description; a proof routes to a registered module; a verdict has a description of at
// most kMaxEligibilityDescBytes; truncateUtf8 cuts on a character boundary.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "delivery/hook_routing.h"
#include "delivery/store_request_policy.h"
#include "fuzz_check.h"
#include "waku/store_codec.h"

namespace {

void checkSelection(const waku::StoreQueryRequest& r) {
  auto s = delivery::selectionFromRequest(r);
  if (!s.ok()) {
    const auto rejection = delivery::toRejection(s.error());
    FUZZ_CHECK(s.error().code == "BAD_REQUEST" || s.error().code == "BAD_RESPONSE");
    FUZZ_CHECK(rejection.status == (s.error().code == "BAD_RESPONSE" ? waku::StatusCode::BAD_RESPONSE : waku::StatusCode::BAD_REQUEST));
    FUZZ_CHECK(!rejection.desc.empty());
    return;
  }
  FUZZ_CHECK(s->limit >= 1 && s->limit <= waku::kMaxPageSize && s->limit == delivery::effectivePageSize(r.pagination_limit));
  FUZZ_CHECK(s->content_topics.size() <= waku::kMaxContentTopics);
  FUZZ_CHECK(s->message_hashes.empty() || (!s->pubsub_topic && s->content_topics.empty() && !s->time_start && !s->time_end));
  FUZZ_CHECK(s->pubsub_topic == r.pubsub_topic && s->content_topics == r.content_topics && s->message_hashes == r.message_hashes);
  FUZZ_CHECK(s->cursor == r.pagination_cursor && s->forward == r.pagination_forward && s->include_data == r.include_data);
  if (s->time_end) FUZZ_CHECK(r.time_end && *s->time_end == *r.time_end - 1);
  if (s->time_start && s->time_end && *s->time_start > *s->time_end) FUZZ_CHECK(s->matches_nothing);
}

void checkRouting(std::span<const std::uint8_t> proof) {
  const std::string_view arm = delivery::proofArm(proof);
  FUZZ_CHECK(arm.empty() || arm == "proof_of_payment" || arm == "stream_proposal" || arm == "stream_proof");
  delivery::HookRegistry registry;
  FUZZ_CHECK(registry.set("stream_proof", "payment_streams_module").ok());
  FUZZ_CHECK(registry.set("proof_of_payment", "x402_module").ok());
  const auto module = registry.lookup(arm);
  FUZZ_CHECK(module == "payment_streams_module" || module == "x402_module");
  if (arm == "proof_of_payment") FUZZ_CHECK(module == "x402_module");
  if (arm == "stream_proof") FUZZ_CHECK(module == "payment_streams_module");
}

// A prefix of `whole` that does not stop inside a character (text that starts with continuation
// bytes is not UTF-8, and is cut to nothing).
bool characterPrefix(const std::string& cut, const std::string& whole) {
  return cut.size() <= whole.size() && whole.compare(0, cut.size(), cut) == 0 &&
         (cut.empty() || cut.size() == whole.size() || (static_cast<unsigned char>(whole[cut.size()]) & 0xC0) != 0x80);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> in(data, size);
  if (auto r = waku::decodeStoreQueryRequest(in); r.ok()) {
    checkSelection(*r);
    checkRouting(r->eligibility_proof ? std::span<const std::uint8_t>(*r->eligibility_proof) : std::span<const std::uint8_t>());
  }
  checkRouting(in);

  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto answer = nlohmann::json::parse(text, nullptr, false);
  if (!answer.is_discarded()) {
    const delivery::Verdict v = delivery::verdictFromAnswer(answer);
    FUZZ_CHECK(!v.desc.empty() && v.desc.size() <= waku::kMaxEligibilityDescBytes);
  }
  const std::string cut = delivery::truncateUtf8(text, size / 2);
  FUZZ_CHECK(cut.size() <= size / 2);
  FUZZ_CHECK(characterPrefix(cut, text));
  return 0;
}
