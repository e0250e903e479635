#include "console_static.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cctype>
#include <map>

#include "console_http.h"

namespace console {

using lezpay::http::HttpResponse;

namespace {

constexpr qint64 kMaxFileBytes = 16 * 1024 * 1024;

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoded path, or "" when it is malformed or holds a NUL.
std::string decodePath(const std::string& raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '%') {
      if (i + 2 >= raw.size()) return {};
      const int hi = hexValue(raw[i + 1]);
      const int lo = hexValue(raw[i + 2]);
      if (hi < 0 || lo < 0) return {};
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (c == '\0') return {};
    out.push_back(c);
  }
  return out;
}

HttpResponse notFound() { return errorAnswer(404, "NOT_FOUND", "no such page or file"); }

}  // namespace

std::string contentTypeFor(const std::string& path) {
  static const std::map<std::string, std::string> kTypes = {
      {"html", "text/html; charset=utf-8"},  {"js", "text/javascript; charset=utf-8"}, {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},    {"json", "application/json"},             {"svg", "image/svg+xml"},
      {"png", "image/png"},                  {"ico", "image/x-icon"},                  {"txt", "text/plain; charset=utf-8"},
      {"woff2", "font/woff2"},               {"webmanifest", "application/manifest+json"}};
  const std::size_t slash = path.rfind('/');
  const std::size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "application/octet-stream";
  std::string ext = path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

HttpResponse serveStatic(const std::string& directory, const std::string& method, const std::string& rawPath) {
  if (directory.empty()) return notFound();
  std::string path = decodePath(rawPath);
  if (path.empty() || path.front() != '/' || path.find('\\') != std::string::npos) return notFound();
  // Every segment is checked, so neither "/../x" nor "/a/../../x" can climb.
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string segment = path.substr(start, end - start);
    if (segment == ".." || segment == ".") return notFound();
    start = end + 1;
  }
  if (path == "/" || path.back() == '/') path += "index.html";
  const QString root = QFileInfo(QString::fromStdString(directory)).canonicalFilePath();
  if (root.isEmpty()) return notFound();
  QFileInfo file(root + QString::fromStdString(path));
  const std::size_t slash = path.rfind('/');
  const bool hasExtension = path.find('.', slash) != std::string::npos;
  if (!file.exists() && !hasExtension) {
    file = QFileInfo(root + "/index.html");
    path = "/index.html";
  }
  const QString canonical = file.canonicalFilePath();
  if (canonical.isEmpty() || !canonical.startsWith(root + "/") || !file.isFile()) return notFound();
  QFile f(canonical);
  if (f.size() > kMaxFileBytes || !f.open(QIODevice::ReadOnly)) return notFound();
  HttpResponse r;
  r.status = 200;
  r.setHeader("Content-Type", contentTypeFor(path));
  r.setHeader("Cache-Control", "no-cache");
  if (method != "HEAD") {
    const QByteArray bytes = f.readAll();
    r.body.assign(bytes.constData(), static_cast<std::size_t>(bytes.size()));
  }
  return r;
}

}  // namespace console
