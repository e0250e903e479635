#pragma once
// Who called an operation, stamped by the host (docs/decisions.md "Who approved: the host stamps
// the caller"). An operation that declares OperationSpec::takesCaller receives the reserved
// parameter kCallerParam in its params object; the host writes it on every call and overwrites
// whatever a caller sent under that key, so no client can forge it. Shapes:
//
//   client RPC call:   {"kind":"client","name":<token name, "" for the boot token>,"transport":"local"|"tcp"|"tcp_ssl","peer":<address or "">}
//   module call:       {"kind":"module","module":<calling module>,"on_behalf_of":<object or null>}
//
// `on_behalf_of` is what the calling module put under kOnBehalfParam (the host moves it into the
// stamp): a module that serves people itself (console_module) names the person and where they
// came from, e.g. {"name":"owner (password)","via":"console 127.0.0.1"}. Modules run inside the
// daemon and are trusted with that; clients never reach it.
//
// An operation without takesCaller receives neither key; a client or module sending one gets the
// dispatcher's usual INVALID_ARGS for an unknown parameter.

namespace logos {

inline constexpr const char* kCallerParam = "$caller";
inline constexpr const char* kOnBehalfParam = "$on_behalf_of";

}  // namespace logos
