#include "sql_text.h"

#include <algorithm>

namespace lezpay::archive {
namespace {

std::vector<std::uint8_t> bytesOf(const std::string& text) { return {text.begin(), text.end()}; }
std::vector<std::uint8_t> bytesOf(const waku::MessageHash& hash) { return {hash.begin(), hash.end()}; }

std::string placeholders(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

// "= ?" for one value (so the planner sees an equality), "IN (?, ...)" for several.
std::string memberOf(std::size_t count) { return count == 1 ? " = ?" : " IN (" + placeholders(count) + ")"; }

std::string orderBy(bool forward) {
  return forward ? " ORDER BY timestamp_ns ASC, hash ASC" : " ORDER BY timestamp_ns DESC, hash DESC";
}

}  // namespace

std::vector<std::string> schemaStatements(Backend backend) {
  const bool pg = backend == Backend::Postgresql;
  const std::string blob = pg ? "BYTEA" : "BLOB";
  const std::string int64 = pg ? "BIGINT" : "INTEGER";
  std::vector<std::string> out;
  out.push_back("CREATE TABLE IF NOT EXISTS archive_meta (name TEXT NOT NULL PRIMARY KEY, value " + int64 +
                " NOT NULL)");
  out.push_back("CREATE TABLE IF NOT EXISTS messages ("
                "hash " + blob + " NOT NULL PRIMARY KEY, "
                "timestamp_ns " + int64 + " NOT NULL, "
                "pubsub_topic " + blob + " NOT NULL, "
                "content_topic " + blob + " NOT NULL, "
                "message " + blob + " NOT NULL)");
  // One index per query kind, each yielding rows in (timestamp_ns, hash) order after its
  // equality prefix, so every page is a range scan of at most limit + 1 entries per content topic,
  // whatever the archive's size: no filter or a time range; content topics alone; a pubsub topic
  // alone; a pubsub topic with content topics (the Store content query, waku-store.md §4).
  // Hash lookups use the primary key.
  out.push_back("CREATE INDEX IF NOT EXISTS messages_by_time ON messages (timestamp_ns, hash)");
  out.push_back("CREATE INDEX IF NOT EXISTS messages_by_content_topic ON messages (content_topic, timestamp_ns, hash)");
  out.push_back("CREATE INDEX IF NOT EXISTS messages_by_pubsub_topic ON messages (pubsub_topic, timestamp_ns, hash)");
  out.push_back(
      "CREATE INDEX IF NOT EXISTS messages_by_topics ON messages (pubsub_topic, content_topic, timestamp_ns, hash)");
  return out;
}

std::string schemaVersionSelect() { return "SELECT value FROM archive_meta WHERE name = 'schema_version'"; }
std::string schemaVersionInsert() { return "INSERT INTO archive_meta (name, value) VALUES ('schema_version', ?)"; }

std::string insertSql(std::size_t rows) {
  rows = std::clamp<std::size_t>(rows, 1, kMaxInsertRows);
  std::string sql = "INSERT INTO messages (hash, timestamp_ns, pubsub_topic, content_topic, message) VALUES ";
  for (std::size_t i = 0; i < rows; ++i) sql += i == 0 ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)";
  return sql + " ON CONFLICT (hash) DO NOTHING";
}

std::string cursorPositionSql() { return "SELECT timestamp_ns FROM messages WHERE hash = ?"; }

std::uint64_t effectiveLimit(std::uint64_t limit) {
  return limit == 0 ? waku::kDefaultPageSize : std::min(limit, waku::kMaxPageSize);
}

namespace {

// One arm of a page: every filter, with at most one content topic, ordered and limited.
void appendArm(SqlStatement& st, const ArchiveQuery& query, const std::string* content_topic,
               const std::vector<waku::MessageHash>& hashes, const std::optional<CursorPosition>& cursor,
               std::int64_t fetch) {
  st.sql += query.include_data ? "SELECT hash, timestamp_ns, pubsub_topic, message FROM messages"
                               : "SELECT hash, timestamp_ns FROM messages";
  std::vector<std::string> where;
  if (content_topic) {
    where.push_back("content_topic = ?");
    st.binds.emplace_back(bytesOf(*content_topic));
  }
  if (query.pubsub_topic) {
    where.push_back("pubsub_topic = ?");
    st.binds.emplace_back(bytesOf(*query.pubsub_topic));
  }
  if (query.time_start) {
    where.push_back("timestamp_ns >= ?");
    st.binds.emplace_back(*query.time_start);
  }
  if (query.time_end) {
    where.push_back("timestamp_ns <= ?");
    st.binds.emplace_back(*query.time_end);
  }
  if (!hashes.empty()) {
    where.push_back("hash" + memberOf(hashes.size()));
    for (const auto& h : hashes) st.binds.emplace_back(bytesOf(h));
  }
  if (cursor) {
    // Exclusive: strictly after (forward) / before (backward) the cursor's position.
    where.push_back(query.forward ? "(timestamp_ns, hash) > (?, ?)" : "(timestamp_ns, hash) < (?, ?)");
    st.binds.emplace_back(cursor->timestamp_ns);
    st.binds.emplace_back(bytesOf(cursor->hash));
  }
  for (std::size_t i = 0; i < where.size(); ++i) st.sql += (i == 0 ? " WHERE " : " AND ") + where[i];
  st.sql += orderBy(query.forward);
  st.sql += " LIMIT ?";
  st.binds.emplace_back(fetch);
}

}  // namespace

SqlStatement pageQuery(const ArchiveQuery& query, const std::optional<CursorPosition>& cursor) {
  // The Store server clamps already; clamping again keeps limit + 1 from overflowing.
  const auto fetch = static_cast<std::int64_t>(effectiveLimit(query.limit) + 1);
  std::vector<std::string> topics = query.content_topics;
  std::sort(topics.begin(), topics.end());
  topics.erase(std::unique(topics.begin(), topics.end()), topics.end());
  std::vector<waku::MessageHash> hashes = query.message_hashes;
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());

  SqlStatement st;
  if (topics.size() <= 1) {
    appendArm(st, query, topics.empty() ? nullptr : &topics.front(), hashes, cursor, fetch);
    return st;
  }
  // Several content topics: one index range scan per topic, each limited to the page, merged.
  // An IN list would make the database sort every matching row of every topic before the limit.
  // The arms read keys only (the content index covers them); with include_data the page's rows
  // are then joined by hash, so message bodies are read for the page alone.
  ArchiveQuery keys = query;
  keys.include_data = false;
  if (query.include_data) {
    st.sql += "SELECT messages.hash, messages.timestamp_ns, messages.pubsub_topic, messages.message FROM (";
  }
  for (std::size_t i = 0; i < topics.size(); ++i) {
    if (i > 0) st.sql += " UNION ALL ";
    st.sql += "SELECT * FROM (";
    appendArm(st, keys, &topics[i], hashes, cursor, fetch);
    st.sql += ") AS arm" + std::to_string(i);
  }
  st.sql += orderBy(query.forward) + " LIMIT ?";
  st.binds.emplace_back(fetch);
  if (query.include_data) {
    st.sql += std::string(") AS page JOIN messages ON messages.hash = page.hash ORDER BY page.timestamp_ns ") +
              (query.forward ? "ASC, page.hash ASC" : "DESC, page.hash DESC");
  }
  return st;
}

std::string deleteOlderThanSql() { return "DELETE FROM messages WHERE timestamp_ns < ?"; }

std::string deleteBeyondCountSql() {
  return "DELETE FROM messages WHERE (timestamp_ns, hash) <= "
         "(SELECT timestamp_ns, hash FROM messages ORDER BY timestamp_ns DESC, hash DESC LIMIT 1 OFFSET ?)";
}

std::string countSql() { return "SELECT COUNT(*) FROM messages"; }

}  // namespace lezpay::archive
