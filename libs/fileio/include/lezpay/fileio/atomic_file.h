#pragma once
// Crash-safe file writes: a reader sees either the old file or the complete new one, never a
// half-written file ("state on disk is never left half-written"). The new content is written
// to a temporary file in the same directory with `mode` from the start (so a key file is never
// readable by others, not even briefly), fsync'ed, renamed over the target, and the directory
// fsync'ed.

#include <string>

#include "lezpay/util/result.h"

namespace lezpay::fileio {

// Error code IO_ERROR with the path and strerror text.
util::Status writeFileAtomic(const std::string& path, const std::string& bytes, unsigned mode = 0600);

// Reads a whole file. Error code NOT_FOUND when it does not exist, IO_ERROR otherwise.
util::Result<std::string> readFile(const std::string& path);

// Creates `path` and missing parents; the last component gets `mode` (0700 by default).
util::Status makePrivateDirs(const std::string& path, unsigned mode = 0700);

// Makes `path` a file only its owner can read or write before a database library opens it:
// creates it empty with mode 0600 when absent, otherwise sets 0600, and sets 0600 on the
// SQLite sidecars (`-wal`, `-shm`, `-journal`) that exist. SQLite gives the sidecars it creates
// later the main file's mode, so calling this before opening keeps every file of the database
// private. Error code IO_ERROR with the path and strerror text.
util::Status preparePrivateFile(const std::string& path);

// Removes a file; a missing file is fine.
void removeFile(const std::string& path);

}  // namespace lezpay::fileio
