#include "audit_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "lezpay/fileio/atomic_file.h"
#include "audit_records.h"

namespace x402mod {
namespace {

using logos::Json;
using lezpay::util::Error;

Error ioError(const std::string& what, const std::string& path) {
  return Error{"IO_ERROR", what + " " + path + ": " + std::strerror(errno)};
}

}  // namespace

AuditLog::~AuditLog() { close(); }

void AuditLog::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

lezpay::util::Status AuditLog::open(const std::string& path) {
  close();
  path_ = path;
  fd_ = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) return ioError("cannot open audit log", path);
  auto text = lezpay::fileio::readFile(path);
  if (!text.ok()) return text.error();
  lastSeq_ = auditLastSeq(text.value());
  needsFence_ = !text->empty() && text->back() != '\n';
  return lezpay::util::okStatus();
}

lezpay::util::Result<Json> AuditLog::append(const std::string& event, const Json& fields, std::int64_t now) {
  if (fd_ < 0) return Error{"IO_ERROR", "the audit log is not open"};
  Json rec{{"seq", lastSeq_ + 1}, {"at", now}, {"event", event}};
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (!rec.contains(it.key())) rec[it.key()] = it.value();
  }
  std::string line = (needsFence_ ? "\n" : "") + rec.dump() + "\n";
  std::size_t off = 0;
  while (off < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + off, line.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      needsFence_ = true;  // part of the line may be on disk
      return ioError("cannot append to audit log", path_);
    }
    off += static_cast<std::size_t>(n);
  }
  if (::fsync(fd_) != 0) {
    needsFence_ = true;
    return ioError("cannot fsync audit log", path_);
  }
  needsFence_ = false;
  lastSeq_ += 1;
  return rec;
}

lezpay::util::Result<Json> AuditLog::read(std::uint64_t afterSeq, std::size_t limit) const {
  auto text = lezpay::fileio::readFile(path_);
  if (!text.ok()) return text.error();
  return auditPage(text.value(), afterSeq, limit, lastSeq_);
}

}  // namespace x402mod
