// An SVG line chart of a stream's remaining allocation over time ({t, remaining} points from the
// chain's history). Values are u128 strings: they are scaled against the largest one with BigInt so
// precision is kept until the last step, which only needs screen pixels.
import { svg, h } from "./dom.js";
import { timeText, toSeconds } from "./format.js";

const W = 560;
const H = 180;
const PAD = { left: 64, right: 12, top: 12, bottom: 28 };

function big(v) {
  try {
    return BigInt(typeof v === "object" && v !== null ? v.raw : v);
  } catch {
    return 0n;
  }
}

export function remainingChart(points, title) {
  const pts = (points || []).map((p) => ({ t: toSeconds(p.t ?? p.time), v: big(p.remaining) }))
    .filter((p) => p.t !== null).sort((a, b) => a.t - b.t);
  if (pts.length < 1) return h("p", { class: "muted" }, "No history yet for this stream.");
  const t0 = pts[0].t;
  const t1 = Math.max(pts[pts.length - 1].t, t0 + 1);
  let vmax = 0n;
  for (const p of pts) if (p.v > vmax) vmax = p.v;
  if (vmax === 0n) vmax = 1n;
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const x = (t) => PAD.left + ((t - t0) / (t1 - t0)) * iw;
  // Scale in BigInt to parts per million of the maximum, then to pixels.
  const y = (v) => PAD.top + ih - (Number((v * 1000000n) / vmax) / 1000000) * ih;
  const d = pts.map((p, i) => `${i ? "L" : "M"}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ");
  const last = pts[pts.length - 1];
  const id = `chart-${Math.random().toString(36).slice(2)}`;
  return svg("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": id },
    svg("title", { id }, `${title}: remaining allocation from ${pts[0].v} to ${last.v} between ${timeText(t0)} and ${timeText(last.t)}`),
    svg("line", { x1: PAD.left, y1: PAD.top + ih, x2: W - PAD.right, y2: PAD.top + ih, class: "axis" }),
    svg("line", { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: PAD.top + ih, class: "axis" }),
    svg("text", { x: PAD.left - 6, y: PAD.top + 10, "text-anchor": "end", class: "tick" }, vmax.toString()),
    svg("text", { x: PAD.left - 6, y: PAD.top + ih, "text-anchor": "end", class: "tick" }, "0"),
    svg("text", { x: PAD.left, y: H - 8, class: "tick" }, timeText(t0).slice(11, 19)),
    svg("text", { x: W - PAD.right, y: H - 8, "text-anchor": "end", class: "tick" }, timeText(t1).slice(11, 19)),
    svg("path", { d, class: "line" }),
    pts.map((p) => svg("circle", { cx: x(p.t).toFixed(1), cy: y(p.v).toFixed(1), r: 2.5, class: "dot" },
      svg("title", {}, `${timeText(p.t)}: ${p.v} remaining`))));
}
