#pragma once
// The SQL text of the archive, for both backends: schema, insert, page query, retention.
// Pure (no Qt, no I/O): statements are text plus positional parameters ('?'), so the rules
// (filters, order, exclusive cursor, limit + 1) are unit-tested without a database and the two
// backends run the very same statements. Where the dialects differ (column types, the schema
// lock) the backend is a parameter.
//
// Schema (docs/decisions.md "libs/archive"): one table `messages` keyed by the message hash
// (unique), with the ordering key timestamp_ns, the pubsub and content topics as raw bytes (so
// any UTF-8, NUL included, compares exactly on both backends) and the encoded WakuMessage (which
// reproduces every field, presence included). Indexes: (timestamp_ns, hash), (content_topic,
// timestamp_ns, hash), (pubsub_topic, timestamp_ns, hash) and (pubsub_topic, content_topic,
// timestamp_ns, hash): every filter combination of a Store query is one index range scan per
// content topic in the page's order, however large the archive. Hash lookups use the primary key.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "archive_url.h"
#include "lezpay/archive/archive.h"

namespace lezpay::archive {

inline constexpr int kSchemaVersion = 1;

using SqlValue = std::variant<std::int64_t, std::vector<std::uint8_t>>;

struct SqlStatement {
  std::string sql;
  std::vector<SqlValue> binds;  // one per '?', in order
};

// CREATE ... IF NOT EXISTS statements, in order; then archive_meta holds schema_version.
std::vector<std::string> schemaStatements(Backend backend);
std::string schemaVersionSelect();   // answers one row (value) or none
std::string schemaVersionInsert();   // binds: the version (int64)

// INSERT of `rows` rows (1..kMaxInsertRows), idempotent by hash (ON CONFLICT DO NOTHING: the
// rows affected are the new ones). Binds per row: hash, timestamp_ns, pubsub_topic,
// content_topic, message. Several rows per statement save a round trip (PostgreSQL) and a
// statement step (SQLite) per message.
inline constexpr std::size_t kMaxInsertRows = 100;
std::string insertSql(std::size_t rows = 1);

// The cursor message's ordering key (binds: hash); no row = unknown cursor.
std::string cursorPositionSql();

struct CursorPosition {
  std::int64_t timestamp_ns = 0;
  waku::MessageHash hash{};
};

// One page: every filter of `query` ANDed, the cursor as an exclusive (timestamp_ns, hash) row
// comparison, ordered in the page direction (descending for backward), LIMIT limit + 1 so the
// caller knows exactly whether more results follow. A limit outside 1..kMaxPageSize is clamped
// the way the Store server clamps it (0 = kDefaultPageSize). Columns: hash, timestamp_ns, and with
// include_data also pubsub_topic, message. Duplicate hashes and topics are bound once. With
// several content topics the statement is a UNION ALL of one limited arm per topic, ordered and
// limited again (each arm is an index range scan; no database-side sort of whole topics); the
// arms read keys only and, with include_data, the page is joined back to its rows by hash.
std::uint64_t effectiveLimit(std::uint64_t limit);  // the clamp pageQuery applies
SqlStatement pageQuery(const ArchiveQuery& query, const std::optional<CursorPosition>& cursor);

// Retention. Binds: the cutoff in ns (rows strictly older are deleted).
std::string deleteOlderThanSql();
// Binds: max_messages as OFFSET. Deletes every row at or below the newest row beyond the
// `max_messages` newest ones in (timestamp_ns, hash) order; deletes nothing when none is beyond.
std::string deleteBeyondCountSql();

std::string countSql();

}  // namespace lezpay::archive
