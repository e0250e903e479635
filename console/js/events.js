// Live updates: the daemon's events as Server-Sent Events from /api/events (same origin, the
// session cookie goes with it). EventSource reconnects by itself; the status callback tells the
// header whether the stream is up.

// Event names the console_module sends (docs/protocol.md, "console_module"); "message" catches
// any unnamed event.
export const EVENT_NAMES = [
  "message", "hello", "spend_request_created", "spend_request_updated", "payment", "stream_changed", "session_ended",
];

let source = null;

export function connectEvents(onEvent, onStatus) {
  disconnectEvents();
  if (!("EventSource" in window)) return;
  source = new EventSource("/api/events", { withCredentials: true });
  source.onopen = () => onStatus(true);
  source.onerror = () => onStatus(false);
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
  if (source) source.close();
  source = null;
}
