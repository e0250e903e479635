#pragma once
// Times on the console's wire: ISO-8601 UTC text beside Unix seconds (docs/protocol.md
// "console_module"). Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "logos/json.h"

namespace console {

// "YYYY-MM-DDTHH:MM:SSZ".
std::string isoUtc(std::int64_t unixSeconds);

// Unix seconds from a query value: decimal seconds, "YYYY-MM-DD" (midnight UTC) or
// "YYYY-MM-DDTHH:MM:SSZ"; nullopt for anything else.
std::optional<std::int64_t> parseTimeText(std::string_view text);

// Sets `key` (ISO text) and `key_unix` (seconds) from `value`, both null when absent or 0.
void putTime(logos::Json& out, const std::string& key, const logos::Json& value);
void putTime(logos::Json& out, const std::string& key, std::optional<std::int64_t> value);

}  // namespace console
