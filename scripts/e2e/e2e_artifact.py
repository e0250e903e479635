"""The e2e artifact: one JSON line per phase, then a run_total line.

Each line: {"phase": .., "status": "ok"|"error", ..details.., "elapsed_ms": ..}. An error line also
carries "code" and "message". The runner stops at the first failed phase (later phases depend on
earlier ones) and the summary names it.
"""
import json
import os
import sys
import time

from e2e_processes import E2eError


class PhaseLog:
    def __init__(self, path, echo=True):
        self.path = path
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self.file = os.fdopen(fd, "a", encoding="utf-8")
        self.echo = echo
        self.started = time.monotonic()
        self.phases = []
        self.first_failure = None

    def write(self, record):
        line = json.dumps(record, sort_keys=False, separators=(",", ":"))
        self.file.write(line + "\n")
        self.file.flush()
        os.fsync(self.file.fileno())
        if self.echo:
            print(line, flush=True)

    def run(self, name, body):
        """Runs one phase; `body` answers a dict of details. Raises E2eError after logging it."""
        t0 = time.monotonic()
        try:
            details = body() or {}
        except E2eError as e:
            self._fail(name, e.code, e.message, e.details, t0)
            raise
        except AssertionError as e:
            self._fail(name, "ASSERTION_FAILED", str(e), {}, t0)
            raise E2eError("ASSERTION_FAILED", str(e))
        except Exception as e:  # noqa: BLE001 - any other failure is still a failed phase, with its text
            self._fail(name, "UNEXPECTED", f"{type(e).__name__}: {e}", {}, t0)
            raise E2eError("UNEXPECTED", f"{type(e).__name__}: {e}")
        record = {"phase": name, "status": "ok", **details, "elapsed_ms": round((time.monotonic() - t0) * 1000)}
        self.phases.append(record)
        self.write(record)
        return details

    def _fail(self, name, code, message, details, t0):
        record = {"phase": name, "status": "error", "code": code, "message": message,
                  "elapsed_ms": round((time.monotonic() - t0) * 1000)}
        if details:
            record["details"] = details
        self.phases.append(record)
        self.write(record)
        if self.first_failure is None:
            self.first_failure = record

    def total(self, extra=None):
        ok = self.first_failure is None
        record = {"phase": "run_total", "status": "ok" if ok else "error",
                  "phases": len(self.phases), "phases_ok": sum(1 for p in self.phases if p["status"] == "ok"),
                  "per_phase_ms": {p["phase"]: p["elapsed_ms"] for p in self.phases}}
        if extra:
            record.update(extra)
        if not ok:
            record["first_failed_phase"] = self.first_failure["phase"]
            record["code"] = self.first_failure["code"]
            record["message"] = self.first_failure["message"]
            record["log"] = self.path
        record["elapsed_ms"] = round((time.monotonic() - self.started) * 1000)
        self.write(record)
        self.file.close()
        if not ok:
            print(f"e2e: phase '{self.first_failure['phase']}' failed ({self.first_failure['code']}): "
                  f"{self.first_failure['message']}\ne2e: read {self.path}", file=sys.stderr, flush=True)
        return ok
