#include "lezpay/lgx/tar_codec.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "lezpay/lgx/lgx_error.h"
#include "lezpay/lgx/package_path.h"

namespace lezpay::lgx {
namespace {

constexpr std::size_t kBlock = 512;
constexpr std::size_t kNameLen = 100;
constexpr std::size_t kPrefixLen = 155;

void putOctal(char* field, std::size_t width, std::uint64_t value) {
  // width-1 octal digits, zero-padded, then NUL.
  for (std::size_t i = width - 1; i-- > 0;) {
    field[i] = static_cast<char>('0' + (value & 7));
    value >>= 3;
  }
  field[width - 1] = '\0';
}

unsigned headerChecksum(const char* h) {
  unsigned sum = 0;
  for (std::size_t i = 0; i < kBlock; ++i) sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(h[i]);
  return sum;
}

std::string header(const TarEntry& e) {
  std::string h(kBlock, '\0');
  std::string name = e.directory ? e.path + "/" : e.path;
  std::string prefix;
  if (name.size() > kNameLen) {
    // Split at a '/' so that the name part fits; writeTar's precondition guarantees one exists.
    std::size_t cut = name.find('/');
    while (cut != std::string::npos && name.size() - cut - 1 > kNameLen) cut = name.find('/', cut + 1);
    if (cut == std::string::npos || cut > kPrefixLen || cut + 1 == name.size()) std::abort();  // precondition broken
    prefix = name.substr(0, cut);
    name = name.substr(cut + 1);
  }
  std::memcpy(&h[0], name.data(), std::min(name.size(), kNameLen));
  putOctal(&h[100], 8, e.directory ? 0755 : 0644);
  putOctal(&h[108], 8, 0);
  putOctal(&h[116], 8, 0);
  putOctal(&h[124], 12, e.directory ? 0 : e.data.size());
  putOctal(&h[136], 12, 0);
  h[156] = e.directory ? '5' : '0';
  std::memcpy(&h[257], "ustar", 6);
  std::memcpy(&h[263], "00", 2);
  std::memcpy(&h[345], prefix.data(), std::min(prefix.size(), kPrefixLen));
  const unsigned sum = headerChecksum(h.data());
  putOctal(&h[148], 7, sum);
  h[155] = ' ';
  return h;
}

// A NUL- or space-terminated octal field; nullopt on anything else (base-256 included).
bool parseOctal(std::string_view field, std::uint64_t& out) {
  out = 0;
  std::size_t i = 0;
  while (i < field.size() && field[i] == ' ') ++i;
  bool any = false;
  for (; i < field.size(); ++i) {
    const char c = field[i];
    if (c == '\0' || c == ' ') break;
    if (c < '0' || c > '7') return false;
    if (out > (UINT64_MAX >> 3)) return false;
    out = (out << 3) | static_cast<std::uint64_t>(c - '0');
    any = true;
  }
  for (; i < field.size(); ++i) {
    if (field[i] != '\0' && field[i] != ' ') return false;
  }
  return any;
}

std::string cString(std::string_view field) { return std::string(field.substr(0, std::min(field.find('\0'), field.size()))); }

}  // namespace

std::string writeTar(std::vector<TarEntry> entries) {
  std::sort(entries.begin(), entries.end(), [](const TarEntry& a, const TarEntry& b) { return a.path < b.path; });
  std::string out;
  for (const auto& e : entries) {
    out += header(e);
    if (!e.directory) {
      out += e.data;
      out.append((kBlock - e.data.size() % kBlock) % kBlock, '\0');
    }
  }
  out.append(2 * kBlock, '\0');
  return out;
}

util::Result<std::vector<TarEntry>> readTar(std::string_view tar, const Limits& limits) {
  std::vector<TarEntry> entries;
  std::set<std::string> seen;
  std::size_t pos = 0;
  static const std::string kZero(kBlock, '\0');
  while (true) {
    if (tar.size() - pos < kBlock) return lgxError(LgxError::Archive, "the package is truncated (the tar stream ends inside a header)");
    const std::string_view h = tar.substr(pos, kBlock);
    if (h == kZero) {
      // End of archive: two zero blocks; whatever padding follows must be zero too.
      if (tar.size() - pos < 2 * kBlock || tar.substr(pos + kBlock, kBlock) != kZero) {
        return lgxError(LgxError::Archive, "the package is truncated (the tar end-of-archive marker is incomplete)");
      }
      if (tar.substr(pos + 2 * kBlock).find_first_not_of('\0') != std::string_view::npos) {
        return lgxError(LgxError::Archive, "the package has data after the tar end-of-archive marker");
      }
      return entries;
    }
    if (entries.size() >= limits.maxEntries) {
      return lgxError(LgxError::Limit, "the package has more than " + std::to_string(limits.maxEntries) + " entries");
    }
    if (h.substr(257, 6) != std::string_view("ustar\0", 6) || h.substr(263, 2) != "00") {
      return lgxError(LgxError::Archive, "tar entry " + std::to_string(entries.size() + 1) + " is not a POSIX ustar header");
    }
    std::uint64_t sum = 0;
    if (!parseOctal(h.substr(148, 8), sum) || sum != headerChecksum(h.data())) {
      return lgxError(LgxError::Archive, "tar entry " + std::to_string(entries.size() + 1) + " has a wrong header checksum (the package is corrupt)");
    }
    const std::string name = cString(h.substr(0, kNameLen));
    const std::string prefix = cString(h.substr(345, kPrefixLen));
    std::string path = prefix.empty() ? name : prefix + "/" + name;
    const char type = h[156];
    TarEntry e;
    if (type == '5') {
      e.directory = true;
      if (!path.empty() && path.back() == '/') path.pop_back();
    } else if (type != '0' && type != '\0') {
      const char* what = type == '1' ? "a hard link" : type == '2' ? "a symbolic link" : (type == '3' || type == '4') ? "a device node"
                         : type == '6' ? "a FIFO" : (type == 'x' || type == 'g') ? "a pax extended header" : (type == 'L' || type == 'K') ? "a GNU long-name header" : "of an unknown type";
      std::string shown = path.substr(0, 80);
      for (char& c : shown) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '?';
      }
      return lgxError(LgxError::Type, "entry '" + shown + "' is " + what + "; a package holds only regular files and directories");
    }
    if (auto ok = checkPackagePath(path, limits.maxPathBytes); !ok) return ok.error();
    std::uint64_t size = 0;
    if (!parseOctal(h.substr(124, 12), size)) return lgxError(LgxError::Archive, "entry '" + path + "' has an unreadable size field");
    if (e.directory && size != 0) return lgxError(LgxError::Archive, "directory entry '" + path + "' carries data");
    pos += kBlock;
    if (size > tar.size() - pos) return lgxError(LgxError::Archive, "the package is truncated (entry '" + path + "' ends early)");
    if (!seen.insert(path).second) return lgxError(LgxError::Layout, "entry '" + path + "' appears twice");
    e.path = std::move(path);
    e.data = std::string(tar.substr(pos, static_cast<std::size_t>(size)));
    const std::size_t padded = static_cast<std::size_t>(size) + (kBlock - size % kBlock) % kBlock;
    if (padded > tar.size() - pos) return lgxError(LgxError::Archive, "the package is truncated (entry '" + e.path + "' lacks its padding)");
    pos += padded;
    entries.push_back(std::move(e));
  }
}

}  // namespace lezpay::lgx
