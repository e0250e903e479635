#pragma once
// The console's pages: files of one directory served read-only (docs/protocol.md
// "console_module", static files). A path that decodes to a segment "..", holds a backslash or a
// NUL, or resolves (symlinks included) outside the directory answers 404; so does a missing file
// with an extension. A missing path without an extension serves index.html, so the pages' own
// routes (/requests, /wallet) survive a reload.

#include <string>

#include "lezpay/http/http_message.h"

namespace console {

// `method` GET or HEAD (HEAD answers the headers with an empty body).
lezpay::http::HttpResponse serveStatic(const std::string& directory, const std::string& method, const std::string& rawPath);

// Content-Type by file extension; application/octet-stream for an unknown one.
std::string contentTypeFor(const std::string& path);

}  // namespace console
