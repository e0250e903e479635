#include "facilitator_config.h"

#include <tuple>

#include "lezpay/sqlstore/database_url.h"
#include "merchant_config.h"

namespace x402mod {

using x402::Json;

lezpay::util::Result<FacilitatorConfig> facilitatorConfigFromJson(const Json& c, const std::string& defaultJournalPath) {
  FacilitatorConfig fc;
  fc.journalPath = defaultJournalPath;
  if (!c.is_object()) return lezpay::util::Error{"INVALID_CONFIG", "config_json must be a JSON object"};
  if (auto e = unknownKey(c, {"port", "networks", "journal_path", "journal_url", "token_path", "settle_timeout_ms", "poll_interval_ms",
                              "at_program_id_hex", "fault_injection"},
                          "")) {
    return *e;
  }
  if (auto n = c.find("networks"); n != c.end()) {
    if (!n->is_array() || n->empty()) return lezpay::util::Error{"INVALID_CONFIG", "networks: must be a non-empty array"};
    fc.networks.clear();
    for (const auto& v : *n) {
      if (!v.is_string() || (v != x402::kNetworkLocalnet && v != x402::kNetworkTestnet)) {
        return lezpay::util::Error{"INVALID_CONFIG", "networks: each must be logos:lez-localnet or logos:lez-testnet"};
      }
      fc.networks.push_back(v.get<std::string>());
    }
  }
  if (auto j = c.find("journal_path"); j != c.end()) {
    if (!j->is_string() || j->get<std::string>().empty()) return lezpay::util::Error{"INVALID_CONFIG", "journal_path: must be a path"};
    fc.journalPath = j->get<std::string>();
  }
  if (auto j = c.find("journal_url"); j != c.end()) {
    if (c.contains("journal_path")) return lezpay::util::Error{"INVALID_CONFIG", "journal_url: give journal_path or journal_url, not both"};
    if (!j->is_string()) return lezpay::util::Error{"INVALID_CONFIG", "journal_url: must be sqlite:<path> or postgresql://..."};
    auto url = lezpay::sqlstore::parseDatabaseUrl(j->get<std::string>(), "INVALID_CONFIG", "journal_url");
    if (!url.ok()) return lezpay::util::Error{"INVALID_CONFIG", "journal_url: " + url.error().message};
    fc.journalPath = j->get<std::string>();
  }
  for (auto [key, slot, max] : {std::tuple{"settle_timeout_ms", &fc.settleTimeoutMs, 600000}, std::tuple{"poll_interval_ms", &fc.pollIntervalMs, 10000}}) {
    if (auto v = c.find(key); v != c.end()) {
      if (!v->is_number_unsigned() || v->get<std::uint64_t>() == 0 || v->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
        return lezpay::util::Error{"INVALID_CONFIG", std::string(key) + ": must be an integer 1.." + std::to_string(max)};
      }
      *slot = static_cast<int>(v->get<std::uint64_t>());
    }
  }
  if (auto a = c.find("at_program_id_hex"); a != c.end()) {
    auto id = a->is_string() ? lez::core::ProgramId::fromHex(a->get<std::string>()) : lezpay::util::Result<lez::core::ProgramId>(lezpay::util::Error{"x", "x"});
    if (!id.ok()) return lezpay::util::Error{"INVALID_CONFIG", "at_program_id_hex: must be 64 hex digits"};
    fc.atProgramId = id.value();
  }
  if (auto f = c.find("fault_injection"); f != c.end()) {
    if (!f->is_string() || (f->get<std::string>() != "" && f->get<std::string>() != "exit_after_submit")) {
      return lezpay::util::Error{"INVALID_CONFIG", "fault_injection: \"\" or \"exit_after_submit\" (tests only)"};
    }
    fc.faultInjection = f->get<std::string>();
  }
  return fc;
}

}  // namespace x402mod
