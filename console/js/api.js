// The console's HTTP API (docs/protocol.md, "console_module"): same-origin JSON with the session
// cookie. State-changing requests carry the CSRF token of the sign-in answer in X-CSRF-Token;
// the browser adds Origin itself. Every failure becomes an ApiError holding the module's stable
// code and its sentence, which the pages show as they are.

let csrf = null;
const unauthorizedHandlers = [];

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function setCsrf(token) {
  csrf = token || null;
}

/** Called with the ApiError when a request answers 401 (session missing or expired). */
export function onUnauthorized(handler) {
  unauthorizedHandlers.push(handler);
}

async function errorOf(response) {
  let code = `HTTP_${response.status}`;
  let message = response.statusText || "The console's server refused the request.";
  try {
    const body = await response.json();
    if (body && body.error) {
      code = body.error.code || code;
      message = body.error.message || message;
    }
  } catch {
    // Not JSON (a proxy or a crash page): the HTTP status is all there is to show.
  }
  return new ApiError(response.status, code, message);
}

export async function request(method, path, body) {
  const headers = { Accept: "application/json" };
  if (method !== "GET" && method !== "HEAD") {
    if (csrf) headers["X-CSRF-Token"] = csrf;
  }
  const init = { method, headers, credentials: "same-origin", cache: "no-store" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, "NETWORK_ERROR", `The daemon's console did not answer (${e.message}); is the daemon still running?`);
  }
  if (!response.ok) {
    const err = await errorOf(response);
    if (response.status === 401 && path !== "/api/session") unauthorizedHandlers.forEach((f) => f(err));
    throw err;
  }
  if (response.status === 204) return {};
  const text = await response.text();
  return text ? JSON.parse(text) : {};
}

export const get = (path) => request("GET", path);
export const post = (path, body) => request("POST", path, body === undefined ? {} : body);
export const del = (path) => request("DELETE", path);

/** "/api/x" plus the non-empty entries of `params` as a query string. */
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const seg = encodeURIComponent;
