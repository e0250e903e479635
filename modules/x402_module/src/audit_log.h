#pragma once
// The agent's append-only audit log: one JSON object per line in `audit_log.jsonl`, each with a
// sequence number (1, 2, ...), the Unix time and the event name, written with O_APPEND and
// fsync'ed before append() returns. Lines are never rewritten or removed. A torn last line (crash
// mid-write) is left in place, fenced off by a newline before the next record, and reported by
// read() as `unreadable_lines`; sequence numbers continue after the last readable record.
// Never holds keys or signed payloads: callers log ids, amounts, hashes and decisions only.

#include <cstdint>
#include <string>

#include "lezpay/util/result.h"
#include "logos/json.h"

namespace x402mod {

class AuditLog {
 public:
  AuditLog() = default;
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Opens (creating, mode 0600) the log and scans it for the last sequence number.
  lezpay::util::Status open(const std::string& path);
  void close();
  bool isOpen() const { return fd_ >= 0; }

  // Appends {"seq", "at", "event", ...fields} and fsyncs; answers the record written.
  // IO_ERROR when the write or fsync fails (the caller must not report success then).
  lezpay::util::Result<logos::Json> append(const std::string& event, const logos::Json& fields, std::int64_t now);

  // Records with seq > afterSeq, at most `limit`, in order:
  // {"entries":[...], "next_seq": <last seq + 1>, "unreadable_lines": N}.
  lezpay::util::Result<logos::Json> read(std::uint64_t afterSeq, std::size_t limit) const;

  std::uint64_t lastSeq() const { return lastSeq_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t lastSeq_ = 0;
  bool needsFence_ = false;  // the file does not end with '\n' (torn last line)
};

}  // namespace x402mod
