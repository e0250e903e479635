#pragma once
// Reads the wallet password of an `unlock` step (daemon_settings_file.h) from its source, so that
// an unattended daemon opens its keystore without a password on argv or in the configuration:
// - password_file: a regular file owned by the daemon's user and readable by that user only
//   (mode 0600 or 0400); anything else (another owner, group or world bits, a symlink) is refused.
// - password_fd: a descriptor the parent left open (`logoscore -D --config F 3<pass`); read to
//   its end once and closed.
// - systemd_credential: $CREDENTIALS_DIRECTORY/<name> (systemd LoadCredential=/SetCredential=),
//   same ownership rule as a password file.
// One trailing "\n" (or "\r\n") is dropped; at most kMaxUnlockSecretBytes are read; an empty
// password is refused. Failure: code UNLOCK_SOURCE_REFUSED and a sentence naming the source (its
// path or descriptor, never any of its bytes). The secret is only returned, never logged.

#include <string>

#include "logos/host/daemon_settings_file.h"
#include "lezpay/util/result.h"

namespace logos::host {

inline constexpr std::size_t kMaxUnlockSecretBytes = 4096;
inline constexpr std::string_view kUnlockRefusedCode = "UNLOCK_SOURCE_REFUSED";

lezpay::util::Result<std::string> readUnlockSecret(const UnlockSource& source);

}  // namespace logos::host
