#pragma once
// Every error code payment_streams_module answers, declared once: the code (its wire spelling,
// which never changes once released), what it means and what the caller can do. The module's
// own codes are the constants of error_codes.h; the table also lists the codes it passes through
// from wallet_module and the host, and the verdicts and user-side codes of
// lez/stream_eligibility (payment-streams.md §7), so a caller finds every code in one place.
// Fields mirror logos::ErrorSpec (interfaces/logos/error_spec.h).

#include <span>
#include <vector>

#include "logos/error_spec.h"

namespace payment_streams {

struct ErrorEntry {
  const char* code;
  const char* meaning;
  const char* action;
};

std::span<const ErrorEntry> errorTable();
// The table as the module declares it (ModuleBase::declareErrors): module-info's "errors", the
// contract checks of its answers and docs/errors.md.
std::vector<logos::ErrorSpec> paymentStreamsErrors();

}  // namespace payment_streams
