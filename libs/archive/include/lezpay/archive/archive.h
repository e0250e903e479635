#pragma once
// The Store archive behind delivery_module's Store server (waku-store.md §4): a durable table of
// Waku messages keyed by message hash, queried with the Store filters and an exclusive cursor.
// Two backends with the same behaviour: SQLite (default, one file) and PostgreSQL (for providers
// who outgrow one machine). Both go through Qt Sql; an Archive object is bound to the thread
// that opened it (Qt Sql connections are thread-affine), which is the delivery module's thread.
// Each Archive owns its own uniquely named Qt Sql connection, so several archives (same or
// different databases) may live in one process, each used from the thread that opened it.
//
// The query here is already validated and clamped by the Store server (page size, topic count);
// the archive only filters, orders and pages. Order: (timestamp_ns, message_hash) ascending for
// forward, descending for backward; the cursor is the hash of the last message of the previous
// page and is exclusive.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lezpay/util/result.h"
#include "waku/store_common.h"

namespace lezpay::archive {

// Stable error codes (Error::code strings).
inline constexpr const char* kArchiveUnavailable = "ARCHIVE_UNAVAILABLE";  // cannot open/connect/write
inline constexpr const char* kCursorNotFound = "CURSOR_NOT_FOUND";          // cursor hash not archived
inline constexpr const char* kInvalidConfig = "INVALID_ARCHIVE_CONFIG";     // bad url or retention
inline constexpr const char* kInvalidMessage = "INVALID_MESSAGE";  // not storable (see insert)

struct ArchivedMessage {
  waku::MessageHash hash{};   // deterministic message hash (waku-store.md, libs/waku message_hash.h)
  std::string pubsub_topic;
  waku::WakuMessage message;
  std::int64_t timestamp_ns = 0;  // ordering key: message.timestamp, or the receive time when absent
};

struct Retention {
  std::optional<std::int64_t> max_age_seconds;  // older than now - max_age are deleted
  std::optional<std::uint64_t> max_messages;    // the oldest beyond this count are deleted
};

struct ArchiveConfig {
  // "sqlite:<path>" (the file is created, WAL mode) or a PostgreSQL URL
  // "postgresql://user[:password]@host:port/dbname" (the schema is created if missing).
  std::string url;
  Retention retention;
};

struct ArchiveQuery {
  bool include_data = false;
  std::optional<std::string> pubsub_topic;
  std::vector<std::string> content_topics;  // any of them matches; empty = no content-topic filter
  std::optional<std::int64_t> time_start;   // inclusive, ns
  std::optional<std::int64_t> time_end;     // inclusive, ns
  std::vector<waku::MessageHash> message_hashes;  // hash lookup; empty = no hash filter
  std::optional<waku::MessageHash> cursor;  // exclusive
  bool forward = true;
  std::uint64_t limit = waku::kDefaultPageSize;  // already clamped to 1..kMaxPageSize
};

struct ArchivePage {
  std::vector<ArchivedMessage> messages;        // message/pubsub_topic filled only with include_data
  std::optional<waku::MessageHash> next_cursor; // set when more results may follow
};

class Archive {
 public:
  virtual ~Archive() = default;
  virtual std::string backend() const = 0;  // "sqlite" | "postgresql"
  // Idempotent by hash: answers false when the message was already archived.
  // INVALID_MESSAGE when the message is ephemeral, breaks the limits of waku/store_common.h
  // (it could not be answered back), or `hash` is not its deterministic hash.
  virtual util::Result<bool> insert(const ArchivedMessage& message) = 0;
  // Inserts all messages in one transaction (all or none on an error); answers how many were
  // new. Same checks as insert, made on every message before anything is written.
  virtual util::Result<std::uint64_t> insertBatch(const std::vector<ArchivedMessage>& messages) = 0;
  virtual util::Result<ArchivePage> query(const ArchiveQuery& query) = 0;
  // Deletes what the retention policy no longer keeps; answers the number deleted.
  virtual util::Result<std::uint64_t> applyRetention(std::int64_t now_ns) = 0;
  virtual util::Result<std::uint64_t> count() = 0;
};

util::Result<std::unique_ptr<Archive>> openArchive(const ArchiveConfig& config);

}  // namespace lezpay::archive
