#pragma once
// How `logoscore stop` knows the daemon is gone (logos-core.md §13 "stop", §20 "Stop"), on every
// transport: the stop answer carries the daemon's pid and instance_id; the client then redials
// the endpoint it used until no daemon of that instance answers there and, when the endpoint is
// on this machine (the local socket or a loopback host), until that pid has exited. Watching the
// client's own socket file instead would be wrong for a network endpoint, whose daemon keeps its
// socket under another config dir.

#include <cstdint>
#include <functional>
#include <string>

#include "lezpay/util/result.h"
#include "logos/host/client_transport.h"

namespace logos::host {

inline constexpr int kStopWaitMs = 10000;

// True when the endpoint reaches a daemon on this machine, so its pid is one of ours to watch.
bool endpointIsOnThisMachine(const ClientEndpoint& endpoint);

// True while `pid` names a process that has not exited (a zombie, exited but not yet reaped by its
// parent, counts as exited).
bool processRunning(std::int64_t pid);

// What one probe of the endpoint saw.
enum class StopProbe { SameInstance, Gone };

// Polls `probe` (and processRunning(pid) when `watchPid`) every 100 ms until both say the daemon
// is gone, or `timeoutMs` passes. Error TIMEOUT naming the pid when it is still there.
lezpay::util::Status waitForDaemonExit(const std::function<StopProbe()>& probe, std::int64_t pid, bool watchPid,
                                       int timeoutMs = kStopWaitMs);

}  // namespace logos::host
