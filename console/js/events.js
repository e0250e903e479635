// Live updates: the daemon's events as Server-Sent Events from /api/events (same origin, the
// session cookie goes with it). The server answers in turns (each answer ends after an event or
// 15 s and EventSource asks again with Last-Event-ID, 500 ms later), so an error between turns is
// normal, and a held turn opens only when it answers: the header shows "reconnecting" only when
// no turn has opened for longer than the server ever holds one (15 s) plus the retry delay.

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
