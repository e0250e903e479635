#pragma once
// Moves a SQLite database's write-ahead log into the database file from a thread of its own, so
// that the fsync a checkpoint makes (milliseconds on a slow disk) never runs on the thread that
// answers requests. The store opens its own connection with automatic checkpoints off
// (`wal_autocheckpoint=0`) and calls noteWrites() after each commit; every `intervalMs` the
// checkpointer's thread runs `PRAGMA wal_checkpoint(PASSIVE)` on a connection of its own when
// there were writes since the last one.
//
// PASSIVE copies what it can without waiting for the writer and takes no lock a commit needs, so
// the store's commits go on while it runs (SQLite: "checkpoint as many frames as possible without
// waiting for any database readers or writers to finish"). Durability is unchanged: a commit is
// in the WAL before it returns, whichever connection later checkpoints it.
//
// stop() (also the destructor) runs a last checkpoint if writes are pending and joins the thread.
// Thread-safe: noteWrites() from any thread.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace lezpay::sqlstore {

class WalCheckpointer {
 public:
  WalCheckpointer(std::string path, int intervalMs);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  void start();
  void stop();
  void noteWrites(std::uint64_t count) { pending_.fetch_add(count, std::memory_order_relaxed); }
  // Checkpoints run and checkpoints that failed (the first failure is logged).
  std::uint64_t checkpoints() const { return done_.load(); }
  std::uint64_t failures() const { return failed_.load(); }

 private:
  void run();
  bool checkpointOnce(void* db);

  std::string path_;
  int intervalMs_;
  std::atomic<std::uint64_t> pending_{0};
  std::atomic<std::uint64_t> done_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lezpay::sqlstore
