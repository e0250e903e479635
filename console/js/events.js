// Live updates: the daemon's events as Server-Sent Events from /api/events (same origin, the
// session cookie goes with it). The answer is one open stream (events as they happen, a comment
// every 15 s); when it breaks EventSource reconnects by itself after the server's `retry` (2 s)
// with Last-Event-ID, so the header shows "reconnecting" only when no stream has opened for
// longer than a few retries.

// Event names the console_module sends (docs/protocol.md, "console_module"); "message" catches
// any unnamed event.
export const EVENT_NAMES = [
  "message", "hello", "spend_request_created", "spend_request_updated", "payment", "stream_changed", "session_ended",
  "stream_depleting_soon", "vault_low", "auto_claimed", "auto_claim_failed", "auto_topped_up", "auto_top_up_skipped",
];

let source = null;
let downTimer = null;
const DOWN_AFTER_MS = 20000;

export function connectEvents(onEvent, onStatus) {
  disconnectEvents();
  if (!("EventSource" in window)) return;
  source = new EventSource("/api/events", { withCredentials: true });
  source.onopen = () => {
    clearTimeout(downTimer);
    downTimer = null;
    onStatus(true);
  };
  source.onerror = () => {
    if (source && source.readyState === EventSource.CLOSED) {
      onStatus(false);
      return;
    }
    if (downTimer === null) downTimer = setTimeout(() => { downTimer = null; onStatus(false); }, DOWN_AFTER_MS);
  };
  for (const name of EVENT_NAMES) {
    source.addEventListener(name, (e) => {
      let data = null;
      try {
        data = e.data ? JSON.parse(e.data) : null;
      } catch {
        data = e.data;
      }
      onEvent(name === "message" && data && data.event ? data.event : name, data);
    });
  }
}

export function disconnectEvents() {
  clearTimeout(downTimer);
  downTimer = null;
  if (source) source.close();
  source = null;
}
