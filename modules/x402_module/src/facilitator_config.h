#pragma once
// The facilitator's configuration (startFacilitator's config_json, persisted as facilitator.json
// and read back at start). Pure (JSON in, values out), so the corpus-driven fuzz target
// fuzz/x402_config_files.cpp runs the same code as the module.

#include <string>
#include <vector>

#include "lez/core/authenticated_transfer.h"
#include "lez/core/program_id.h"
#include "lez/x402_exact/exact_lez.h"
#include "lezpay/util/result.h"
#include "x402/types.h"

namespace x402mod {

struct FacilitatorConfig {
  std::vector<std::string> networks{std::string(x402::kNetworkLocalnet)};
  lez::core::ProgramId atProgramId = lez::core::kAuthenticatedTransferProgramId;
  // journal_path (a SQLite file) or journal_url (sqlite:<path>, or postgresql://... shared by the
  // facilitators of a fleet): the settlement journal's location (settlement_journal.h).
  std::string journalPath;
  int settleTimeoutMs = 30000;  // how long /settle waits for inclusion
  int pollIntervalMs = 100;     // status read cadence while waiting
  // Test-only fault injection (functional crash test): "exit_after_submit" ends the process
  // right after the sequencer accepted the transaction, before the journal or the client hear
  // of the outcome. Empty in production.
  std::string faultInjection;
};

// The settlement fields of config_json over the defaults (journal at `defaultJournalPath`); the
// keys the module reads itself (port, token_path) are accepted and ignored here. INVALID_CONFIG
// naming the field.
lezpay::util::Result<FacilitatorConfig> facilitatorConfigFromJson(const x402::Json& config, const std::string& defaultJournalPath);

}  // namespace x402mod
