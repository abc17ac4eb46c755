/**
 * node dist/scripts/bench-plot.js [--json docs/benchmarks.json] [--out docs/bench-scale.svg]
 *
 * Search latency (in-process p50 and p99) and memory (RSS after load) against corpus size
 * (13,607, 100,000 and, from a `--million` run, 1,000,000 posts), drawn from what
 * `npm run bench` measured: two log-log panels as an SVG. `npm run bench` draws it after
 * each run; this command draws it again from a saved docs/benchmarks.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Json = Record<string, unknown>;

interface Point {
  posts: number;
  p50: number;
  p99: number;
  rssMb: number;
}

/** The measured points of a bench result, smallest corpus first. */
export function scalePoints(result: Json): Point[] {
  const points: Point[] = [];
  for (const c of (result.corpora ?? []) as Json[]) {
    const load = c.load as Json | undefined;
    if (load)
      points.push({ posts: load.documents as number, p50: load.p50 as number, p99: load.p99 as number, rssMb: load.rssMb as number });
  }
  const m = (result.million as Json | undefined)?.load as Json | undefined;
  if (m) points.push({ posts: m.documents as number, p50: m.p50 as number, p99: m.p99 as number, rssMb: m.rssMb as number });
  return points.sort((a, b) => a.posts - b.posts);
}

const W = 360;
const H = 260;
const PAD = { left: 56, right: 16, top: 34, bottom: 44 };

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Powers of ten (and their 2× and 5×) covering [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo && v <= hi) out.push(v);
    }
  return out;
}

const label = (v: number): string =>
  v >= 1e6 ? `${+(v / 1e6).toFixed(1)}M` : v >= 1000 ? `${+(v / 1000).toFixed(1)}k` : `${+v.toFixed(2)}`;

/** One log-log panel: `series` (name, colour, values) against the posts of `points`. */
function panel(x0: number, title: string, unit: string, points: Point[], series: [string, string, (p: Point) => number][]): string {
  const xs = points.map((p) => p.posts);
  const ys = points.flatMap((p) => series.map(([, , f]) => f(p)));
  const [xlo, xhi] = [Math.min(...xs) / 1.5, Math.max(...xs) * 1.5];
  const [ylo, yhi] = [Math.min(...ys) / 1.6, Math.max(...ys) * 1.6];
  const sx = (v: number): number =>
    x0 + PAD.left + ((Math.log(v) - Math.log(xlo)) / (Math.log(xhi) - Math.log(xlo))) * (W - PAD.left - PAD.right);
  const sy = (v: number): number =>
    PAD.top + (1 - (Math.log(v) - Math.log(ylo)) / (Math.log(yhi) - Math.log(ylo))) * (H - PAD.top - PAD.bottom);
  let g = `<text x="${x0 + W / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(title)}</text>\n`;
  for (const t of ticks(ylo, yhi)) {
    g += `<line x1="${x0 + PAD.left}" x2="${x0 + W - PAD.right}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}" stroke="#ddd"/>`;
    g += `<text x="${x0 + PAD.left - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${label(t)}</text>\n`;
  }
  for (const p of points) {
    g += `<line x1="${sx(p.posts).toFixed(1)}" x2="${sx(p.posts).toFixed(1)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#eee"/>`;
    g += `<text x="${sx(p.posts).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${label(p.posts)}</text>\n`;
  }
  g += `<text x="${x0 + PAD.left + (W - PAD.left - PAD.right) / 2}" y="${H - 8}" text-anchor="middle">posts (log)</text>`;
  g += `<text transform="translate(${x0 + 14} ${H / 2}) rotate(-90)" text-anchor="middle">${esc(unit)} (log)</text>\n`;
  series.forEach(([name, colour, f], i) => {
    const d = points.map((p, k) => `${k ? 'L' : 'M'}${sx(p.posts).toFixed(1)},${sy(f(p)).toFixed(1)}`).join(' ');
    g += `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"/>`;
    for (const p of points)
      g += `<circle cx="${sx(p.posts).toFixed(1)}" cy="${sy(f(p)).toFixed(1)}" r="3" fill="${colour}"><title>${esc(`${name}: ${label(f(p))} ${unit} at ${p.posts} posts`)}</title></circle>`;
    g += `<rect x="${x0 + PAD.left + 8}" y="${PAD.top + 6 + i * 16}" width="10" height="3" fill="${colour}"/><text x="${x0 + PAD.left + 22}" y="${PAD.top + 11 + i * 16}">${esc(name)}</text>\n`;
  });
  return g;
}

/** The SVG of a bench result (two panels: latency, memory), with the run's date and machine. */
export function scalePlotSvg(result: Json): string {
  const points = scalePoints(result);
  if (points.length < 2) throw new Error('the bench result has fewer than two corpus sizes to plot');
  const body =
    panel(0, 'search latency, in-process', 'ms', points, [
      ['p99', '#c0392b', (p) => p.p99],
      ['p50', '#2471a3', (p) => p.p50],
    ]) + panel(W, 'memory after load', 'MB RSS', points, [['RSS', '#1e8449', (p) => p.rssMb]]);
  const caption = `npm run bench, ${String(result.date ?? '')}: ${String(result.machine ?? '')}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 20}" viewBox="0 0 ${2 * W} ${H + 20}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
${body}<text x="${W}" y="${H + 14}" text-anchor="middle" fill="#555">${esc(caption)}</text>
</svg>
`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const at = (flag: string, fallback: string): string => {
    const i = process.argv.indexOf(flag);
    return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
  };
  const json = at('--json', path.join(root, 'docs/benchmarks.json'));
  const out = at('--out', path.join(root, 'docs/bench-scale.svg'));
  fs.writeFileSync(out, scalePlotSvg(JSON.parse(fs.readFileSync(json, 'utf8')) as Json));
  console.log(`wrote ${out}`);
}
