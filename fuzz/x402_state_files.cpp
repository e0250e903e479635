// Fuzz target: the files x402_module's agent and facilitator read back from their own directory
// (modules/x402_module/src/agent_state_file.h, audit_records.h, facilitator_token.h). The first
// byte picks the decoder, the rest is the file's text. 0 agent_state.json: no crash and no
// exception; a refusal is STATE_CORRUPT; an accepted state written back in the agent's own form
// reads to the same state. 1 audit_log.jsonl: every page holds only records past its cursor, in
// order, no more than asked, and paging from 0 through a log of increasing seqs (as written)
// visits every readable record once.
// 2 the facilitator token file: a refusal is INVALID_CONFIG naming the file; an accepted token
// is 64 lowercase hex and reads back from the facilitator's own form.
#include <cstddef>
#include <cstdint>
#include <string>

#include "agent_state_file.h"
#include "audit_records.h"
#include "facilitator_token.h"
#include "fuzz_check.h"

namespace {

void agentState(const std::string& text) {
  auto s = x402mod::agentStateFromText(text);
  if (!s.ok()) {
    FUZZ_CHECK(s.error().code == "STATE_CORRUPT" && !s.error().message.empty());
    return;
  }
  const logos::Json written = x402mod::agentStateJson(s.value());
  auto back = x402mod::agentStateFromText(written.dump(1) + "\n");
  FUZZ_CHECK(back.ok());
  FUZZ_CHECK(x402mod::agentStateJson(back.value()) == written);
}

void auditLog(const std::string& text) {
  const std::uint64_t last = x402mod::auditLastSeq(text);
  const logos::Json all = x402mod::auditPage(text, 0, text.size() + 1, last);
  FUZZ_CHECK(all["next_seq"].get<std::uint64_t>() == last + 1 && !all["more"].get<bool>());
  std::size_t visited = 0;
  std::uint64_t cursor = 0;
  for (int guard = 0; guard < 64; ++guard) {  // bounded: each page rescans the text
    const logos::Json page = x402mod::auditPage(text, cursor, 3, last);
    FUZZ_CHECK(page["entries"].size() <= 3);
    for (const auto& e : page["entries"]) {
      FUZZ_CHECK(e["seq"].get<std::uint64_t>() > cursor && e["seq"].get<std::uint64_t>() <= last);
    }
    visited += page["entries"].size();
    if (!page["more"].get<bool>()) break;
    cursor = page["entries"].back()["seq"].get<std::uint64_t>();
  }
  // In a log as the agent writes it (seqs strictly increasing) paging visits each readable record
  // once; out of order, a cursor may skip or revisit records, so only the page bounds hold.
  bool increasing = true;
  for (std::size_t i = 1; i < all["entries"].size(); ++i) {
    increasing = increasing && all["entries"][i]["seq"].get<std::uint64_t>() > all["entries"][i - 1]["seq"].get<std::uint64_t>();
  }
  if (increasing && all["entries"].size() <= 3 * 64) FUZZ_CHECK(visited == all["entries"].size());
}

const std::string kTokenPath = "/state/facilitator_token";

void facilitatorToken(const std::string& text) {
  auto t = x402mod::facilitatorTokenFromText(kTokenPath, text);
  if (!t.ok()) {
    FUZZ_CHECK(t.error().code == "INVALID_CONFIG" && t.error().message.rfind(kTokenPath, 0) == 0);
    return;
  }
  FUZZ_CHECK(t->size() == 64);
  auto back = x402mod::facilitatorTokenFromText(kTokenPath, *t + "\n");
  FUZZ_CHECK(back.ok() && *back == *t);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 3) {
    case 0: agentState(text); break;
    case 1: auditLog(text); break;
    default: facilitatorToken(text); break;
  }
  return 0;
}
