#pragma once
// POSIX ustar, the subset a package needs: regular files and directories. Writing is
// deterministic (entries sorted by path bytes, uid/gid 0, empty names, mtime 0, files 0644,
// directories 0755; logos-core.md §21); reading refuses links, devices, FIFOs and extended
// headers, checks every header checksum and path, and stops at the limits.
#include <string>
#include <string_view>
#include <vector>

#include "lezpay/lgx/limits.h"
#include "lezpay/util/result.h"

namespace lezpay::lgx {

struct TarEntry {
  std::string path;  // without a trailing '/'
  bool directory = false;
  std::string data;  // empty for a directory

  bool operator==(const TarEntry&) const = default;
};

// Precondition: every path passes checkPackagePath and fits ustar (<= 255 bytes, split at '/').
std::string writeTar(std::vector<TarEntry> entries);

util::Result<std::vector<TarEntry>> readTar(std::string_view tar, const Limits& limits);

}  // namespace lezpay::lgx
