// Presentation of the API's values: amounts are u128 decimal strings (never JavaScript numbers,
// which lose digits above 2^53), times are unix seconds or ISO-8601 UTC.

/** Digits of a u128 string with `decimals` places, trailing zeros of the fraction dropped. */
export function scaled(raw, decimals) {
  const s = String(raw ?? "");
  if (!/^\d+$/.test(s)) return s;
  const d = Number(decimals) || 0;
  if (d === 0) return s.replace(/^0+(?=\d)/, "");
  const padded = s.padStart(d + 1, "0");
  const whole = padded.slice(0, -d).replace(/^0+(?=\d)/, "");
  const frac = padded.slice(-d).replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : whole;
}

/** An amount the API gives either as a u128 string or as {raw, human, asset, decimals}. */
export function amountParts(v) {
  if (v === undefined || v === null) return { raw: "", human: "" };
  if (typeof v === "string" || typeof v === "number" || typeof v === "bigint") {
    return { raw: String(v), human: String(v) };
  }
  const raw = v.raw !== undefined ? String(v.raw) : "";
  const asset = v.asset && v.asset !== "native" ? v.asset : v.symbol || (v.asset === "native" ? "LEZ" : "");
  const human = v.human !== undefined ? String(v.human) : scaled(raw, v.decimals);
  return { raw, human: asset ? `${human} ${asset}` : human };
}

/** "12.5 LEZ (12500000 raw)" or the plain number when human and raw are the same digits. */
export function amountText(v) {
  const { raw, human } = amountParts(v);
  if (!raw) return human || "—";
  return human && human !== raw ? `${human} (${raw} raw)` : `${raw} raw`;
}

export function toSeconds(t) {
  if (t === undefined || t === null || t === "") return null;
  if (typeof t === "number") return t > 1e12 ? Math.floor(t / 1000) : t;
  if (/^\d+$/.test(String(t))) return toSeconds(Number(t));
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

/** "2026-12-05 03:40:12 UTC" from unix seconds, ms or ISO text; "—" when absent or zero. */
export function timeText(t) {
  const s = toSeconds(t);
  if (!s) return "—";
  return new Date(s * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/** "9 min 05 s", "2 h 03 min", "expired". */
export function durationText(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "—";
  if (seconds <= 0) return "expired";
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86400);
  const hh = Math.floor((s % 86400) / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  if (d) return `${d} d ${hh} h`;
  if (hh) return `${hh} h ${String(mm).padStart(2, "0")} min`;
  if (mm) return `${mm} min ${String(ss).padStart(2, "0")} s`;
  return `${ss} s`;
}

export function shortId(id, keep = 10) {
  const s = String(id ?? "");
  return s.length > keep * 2 + 1 ? `${s.slice(0, keep)}…${s.slice(-keep)}` : s;
}

export const statusLabel = (s) => String(s ?? "unknown").replace(/_/g, " ");
