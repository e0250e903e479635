#include "logos/host/module_install.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/lgx/content_hashes.h"
#include "lezpay/lgx/lgx_error.h"
#include "lezpay/lgx/package.h"
#include "lezpay/lgx/variant.h"

namespace logos::host {
namespace {

namespace fs = std::filesystem;
using lezpay::util::Error;
using lezpay::util::Status;

Error ioError(const std::string& message) { return lezpay::util::makeError("LGX_IO", message); }

std::string errnoText() { return std::strerror(errno); }

Status syncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return ioError("cannot open " + path + ": " + errnoText());
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return ioError("cannot sync " + path + ": " + errnoText());
  return lezpay::util::okStatus();
}

Status writeNew(const std::string& path, const std::string& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return ioError("cannot create " + path + ": " + errnoText());
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = errnoText();
      ::close(fd);
      return ioError("cannot write " + path + ": " + why);
    }
    done += static_cast<std::size_t>(n);
  }
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return ioError("cannot sync " + path + ": " + errnoText());
  return lezpay::util::okStatus();
}

// Writes the module's files into `dir` (already created, 0700); subdirectories 0700.
Status writeTree(const std::string& dir, const std::map<std::string, std::string>& files) {
  for (const auto& [rel, bytes] : files) {
    // rel passed checkPackagePath: relative, no '.', '..' or empty segments.
    std::string sub;
    for (std::size_t slash = rel.find('/'); slash != std::string::npos; slash = rel.find('/', slash + 1)) {
      sub = dir + "/" + rel.substr(0, slash);
      if (::mkdir(sub.c_str(), 0700) != 0 && errno != EEXIST) return ioError("cannot create " + sub + ": " + errnoText());
    }
    if (auto ok = writeNew(dir + "/" + rel, bytes); !ok) return ok;
  }
  return lezpay::util::okStatus();
}

}  // namespace

lezpay::util::Result<InstalledModule> installModulePackage(const std::string& packagePath, const std::string& modulesDir,
                                                           const lezpay::lgx::Limits& limits) {
  using lezpay::lgx::LgxError;
  using lezpay::lgx::lgxError;
  struct stat st {};
  if (::stat(packagePath.c_str(), &st) != 0) return ioError("cannot read the package " + packagePath + ": " + errnoText());
  if (!S_ISREG(st.st_mode)) return ioError("the package " + packagePath + " is not a regular file");
  if (static_cast<std::uint64_t>(st.st_size) > limits.maxPackageBytes) {
    return lgxError(LgxError::Limit, "the package is larger than " + std::to_string(limits.maxPackageBytes) + " bytes");
  }
  auto bytes = lezpay::fileio::readFile(packagePath);
  if (!bytes.ok()) return ioError("cannot read the package " + packagePath + ": " + bytes.error().message);

  auto package = lezpay::lgx::readPackage(bytes.value(), limits);
  if (!package.ok()) return package.error();
  const auto& m = package->manifest;
  const std::string wanted = lezpay::lgx::hostVariant(lezpay::lgx::buildPlatform(), false);
  auto variant = lezpay::lgx::selectVariant(m, wanted);
  if (!variant.ok()) return variant.error();
  if (m.type != "core") {
    return lgxError(LgxError::Manifest, "package '" + m.name + "' is of type '" + m.type + "'; this host loads core modules only");
  }
  const std::string plugin = m.name + "_plugin.so";
  if (m.main.at(variant.value()) != plugin) {
    return lgxError(LgxError::Manifest, "the main file of variant '" + variant.value() + "' is '" + m.main.at(variant.value()) +
                                            "'; the host loads " + plugin + " from the variant's top directory");
  }
  auto files = lezpay::lgx::variantFiles(package.value(), variant.value());
  for (const char* reserved : {"manifest.json", "variant"}) {
    if (files.count(reserved) != 0) {
      return lgxError(LgxError::Layout, std::string("variant '") + variant.value() + "' carries a file named '" + reserved +
                                            "', which the install writes itself");
    }
  }
  files["manifest.json"] = package->manifestText;
  files["variant"] = variant.value() + "\n";

  struct stat dirSt {};
  if (::stat(modulesDir.c_str(), &dirSt) != 0 || !S_ISDIR(dirSt.st_mode)) {
    return ioError("the modules directory " + modulesDir + " does not exist");
  }
  const std::string target = modulesDir + "/" + m.name;
  if (::access(target.c_str(), F_OK) == 0) {
    return lezpay::util::makeError("LGX_INSTALLED", "module '" + m.name + "' is already installed at " + target +
                                                        " (unload it and remove that directory to install another version)");
  }
  // A dot-name keeps the directory out of discovery until the rename.
  std::string tmpl = modulesDir + "/.lgx-install-" + m.name + "-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) return ioError("cannot create a temporary directory in " + modulesDir + ": " + errnoText());
  const std::string tmp = tmpl;
  auto cleanup = [&tmp] {
    std::error_code ec;
    fs::remove_all(tmp, ec);
  };
  Status written = writeTree(tmp, files);
  if (written.ok()) written = syncPath(tmp, O_RDONLY | O_DIRECTORY);
  if (!written.ok()) {
    cleanup();
    return written.error();
  }
  // RENAME_NOREPLACE: a module directory that appeared meanwhile is never replaced.
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) != 0) {
    const int err = errno;
    cleanup();
    if (err == EEXIST || err == ENOTEMPTY) {
      return lezpay::util::makeError("LGX_INSTALLED", "module '" + m.name + "' is already installed at " + target);
    }
    return ioError("cannot move the module into " + target + ": " + std::strerror(err));
  }
  (void)syncPath(modulesDir, O_RDONLY | O_DIRECTORY);

  InstalledModule out;
  out.name = m.name;
  out.version = m.version;
  out.variant = variant.value();
  out.directory = target;
  out.files = files.size();
  out.rootHash = m.hashes.count(lezpay::lgx::kRootHashKey) ? m.hashes.at(lezpay::lgx::kRootHashKey) : std::string();
  out.signedPackage = package->hasSignature;
  return out;
}

}  // namespace logos::host
