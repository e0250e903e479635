#pragma once
// Reading audit_log.jsonl's text back (audit_log.h): the last sequence number and a page of
// records. Pure (text in, values out), so the corpus-driven fuzz target fuzz/x402_state_files.cpp
// runs the same code as AuditLog::open and AuditLog::read. A line that is not a JSON object
// with an unsigned "seq" is unreadable: skipped and counted, never an error.

#include <cstddef>
#include <cstdint>
#include <string>

#include "logos/json.h"

namespace x402mod {

// The largest seq of the readable records (0 when there is none).
std::uint64_t auditLastSeq(const std::string& text);

// {"entries": records with seq > afterSeq (at most `limit`, in file order), "next_seq": lastSeq + 1,
//  "unreadable_lines": N, "more": whether records beyond `limit` follow}.
logos::Json auditPage(const std::string& text, std::uint64_t afterSeq, std::size_t limit, std::uint64_t lastSeq);

}  // namespace x402mod
