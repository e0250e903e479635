#pragma once
// The facilitator's durable settlement journal (docs/protocol.md "Facilitator"): one row per LEZ
// transaction hash, so a payload is settled and answered successfully at most once, across
// concurrent requests and restarts, in SQLite (one facilitator) or in PostgreSQL (journal_url:
// several facilitators of a fleet share it, and the same guarantees hold across them).
//
// States: `verifying` (claimed by a live settle, nothing broadcast yet), `submitted` (written and
// committed BEFORE the transaction is sent, so a crash after sending is always found), `settled`
// (included on chain), `failed` (rejected, or never reached the chain). `delivered` is set in the
// same SQL transaction that records the successful answer: the one request that gets
// success:true. Every write is one SQL statement, so one transaction; the claim is an INSERT ...
// ON CONFLICT DO NOTHING on the primary key and `delivered` a conditional UPDATE: on PostgreSQL
// at READ COMMITTED the second writer waits for the first's row lock, re-reads the row and finds
// nothing to do, so of any number of facilitators exactly one claims and one delivers
// (docs/decisions.md "Shared stores on PostgreSQL"). A `settled` row never moves to another state.
// SQLite: WAL mode with synchronous=FULL so a committed state survives a crash. Bound to the
// thread that opened it (Qt Sql). Errors: code JOURNAL_UNAVAILABLE with the driver's text (the
// location's password redacted); a PostgreSQL connection that failed is opened again on the next
// call.

#include <QSqlDatabase>
#include <QSqlError>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lezpay/util/result.h"

#include "lezpay/sqlstore/store_connection.h"

namespace x402mod {

enum class JournalState { Verifying, Submitted, Settled, Failed };
std::string toString(JournalState s);
std::optional<JournalState> journalStateFromString(const std::string& s);

struct JournalRow {
  std::string txHash;          // 64 lowercase hex, the key
  std::string payer;           // base58
  std::string payTo;           // base58
  std::string amount;          // decimal
  std::string network;
  std::string transactionBase64;
  JournalState state = JournalState::Verifying;
  bool delivered = false;      // success:true has been answered for it
  std::string errorReason;     // for `failed`
  std::string errorMessage;
  std::uint64_t blockId = 0;   // for `settled`
  std::int64_t createdAtMs = 0;
  std::int64_t updatedAtMs = 0;
};

class SettlementJournal {
 public:
  SettlementJournal();
  ~SettlementJournal();
  SettlementJournal(const SettlementJournal&) = delete;
  SettlementJournal& operator=(const SettlementJournal&) = delete;

  // Opens (creating) the journal at `location` (a SQLite path, sqlite:<path> or postgresql://...,
  // lezpay/sqlstore/database_url.h) and its schema.
  lezpay::util::Status open(const std::string& location);
  void close();
  bool isOpen() const;
  const std::string& path() const { return path_; }
  // True when the journal lives in PostgreSQL, possibly shared with other facilitators.
  bool shared() const { return conn_.postgresql(); }

  std::optional<JournalRow> find(const std::string& txHash);
  // Inserts `row` in state `verifying`; false (and nothing written) when the hash is present.
  lezpay::util::Result<bool> claim(const JournalRow& row);
  // Moves the row to `state` with optional failure reason/message and block id.
  lezpay::util::Status setState(const std::string& txHash, JournalState state, const std::string& errorReason = {},
                                const std::string& errorMessage = {}, std::uint64_t blockId = 0);
  // In one transaction: if the row is `settled` and not delivered, marks it delivered and
  // answers true; otherwise false. This is the exactly-once gate of a success answer.
  lezpay::util::Result<bool> markDelivered(const std::string& txHash);
  // Removes a row that never reached the chain (verification failed after the claim).
  lezpay::util::Status remove(const std::string& txHash);
  // Rows in `state`, oldest first.
  std::vector<JournalRow> rowsIn(JournalState state);
  // Counts per state, for status answers.
  std::vector<std::pair<std::string, std::int64_t>> counts();

 private:
  // The connection (libs/sqlstore), or an invalid handle when closed or unreachable: queries
  // then fail cleanly.
  QSqlDatabase handle();
  lezpay::util::Error sqlError(const char* what, const QSqlError& e);
  lezpay::sqlstore::StoreConnection conn_;
  std::string path_;
};

}  // namespace x402mod
