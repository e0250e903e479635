#include "archive_url.h"
#include "lezpay/archive/archive.h"
#include "retention_rules.h"
#include "sql_archive.h"

namespace lezpay::archive {

util::Result<std::unique_ptr<Archive>> openArchive(const ArchiveConfig& config) {
  auto url = parseArchiveUrl(config.url);
  if (!url.ok()) return url.error();
  if (auto st = checkRetention(config.retention); !st.ok()) return st.error();
  return SqlArchive::open(url.value(), config.retention, redactArchiveUrl(config.url));
}

}  // namespace lezpay::archive
