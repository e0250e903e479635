#include "lezpay/fileio/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <random>

namespace lezpay::fileio {
namespace {

util::Error ioError(const std::string& what, const std::string& path) {
  return util::Error{"IO_ERROR", what + " '" + path + "': " + std::strerror(errno)};
}

bool writeAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

util::Status writeFileAtomic(const std::string& path, const std::string& bytes, unsigned mode) {
  std::filesystem::path target(path);
  std::string dir = target.parent_path().empty() ? "." : target.parent_path().string();
  std::random_device rd;
  std::string tmp = dir + "/." + target.filename().string() + ".tmp" + std::to_string(rd());
  int fd = ::open(tmp.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0) return ioError("cannot create", tmp);
  // open() applies the umask; force the exact mode.
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0 || !writeAll(fd, bytes.data(), bytes.size()) || ::fsync(fd) != 0) {
    util::Error e = ioError("cannot write", tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return e;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    util::Error e = ioError("cannot rename into place", path);
    ::unlink(tmp.c_str());
    return e;
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return util::okStatus();
}

util::Result<std::string> readFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return util::Error{"NOT_FOUND", "no file '" + path + "'"};
    return ioError("cannot open", path);
  }
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      util::Error e = ioError("cannot read", path);
      ::close(fd);
      return e;
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

util::Status makePrivateDirs(const std::string& path, unsigned mode) {
  // Every directory created here gets `mode`, not only the last one (create_directories would
  // leave the parents at the umask's 0755); existing parents are left as their owner set them.
  std::filesystem::path p(path);
  std::filesystem::path built;
  for (const auto& part : p) {
    built /= part;
    if (part.empty() || part == "/") continue;
    if (::mkdir(built.c_str(), static_cast<mode_t>(mode)) == 0) {
      if (::chmod(built.c_str(), static_cast<mode_t>(mode)) != 0) return ioError("cannot set mode of", built.string());
    } else if (errno != EEXIST) {
      return ioError("cannot create directory", built.string());
    }
  }
  if (::chmod(path.c_str(), static_cast<mode_t>(mode)) != 0) return ioError("cannot set mode of", path);
  return util::okStatus();
}

util::Status preparePrivateFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return ioError("cannot create", path);
  const int rc = ::fchmod(fd, 0600);
  ::close(fd);
  if (rc != 0) return ioError("cannot set mode of", path);
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    const std::string side = path + suffix;
    if (::chmod(side.c_str(), 0600) != 0 && errno != ENOENT) return ioError("cannot set mode of", side);
  }
  return util::okStatus();
}

void removeFile(const std::string& path) { ::unlink(path.c_str()); }

}  // namespace lezpay::fileio
