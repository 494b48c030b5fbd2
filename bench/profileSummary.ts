/**
 * Prints where a V8 .cpuprofile spent its time: top functions by self time, and self time per file.
 * Usage: npx tsx bench/profileSummary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: npx tsx bench/profileSummary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => {
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);

const shortUrl = (url: string): string =>
  url
    .replace(/^file:\/\/.*?\/work\/main\//, '')
    .replace(/node_modules\/(\.pnpm\/)?/, 'nm/')
    .replace(/\?.*$/, '');
const fnKey = (n: ProfileNode): string =>
  `${n.callFrame.functionName || '(anonymous)'}  ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const fileKey = (n: ProfileNode): string => {
  const url = shortUrl(n.callFrame.url);
  if (url === '') return n.callFrame.functionName;
  const m = /^nm\/((@[^/]+\/)?[^/]+)/.exec(url);
  return m ? `nm/${m[1] ?? ''}` : url;
};

function tally(key: (n: ProfileNode) => string): [string, number][] {
  const sums = new Map<string, number>();
  for (const [id, t] of self) {
    const node = byId.get(id);
    if (!node) continue;
    sums.set(key(node), (sums.get(key(node)) ?? 0) + t);
  }
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, top);
}

/** Inclusive time of our own functions (src/), counted once per sample even when recursive. */
function inclusiveOurs(): [string, number][] {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sums = new Map<string, number>();
  for (const [id, t] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur);
      if (!node || !/\/(src|bench)\//.test(node.callFrame.url)) continue;
      const key = fnKey(node);
      if (seen.has(key)) continue;
      seen.add(key);
      sums.set(key, (sums.get(key) ?? 0) + t);
    }
  }
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, top);
}

const line = ([k, t]: [string, number]): string =>
  `${(t / 1000).toFixed(0).padStart(7)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`;
console.log(`total sampled: ${(total / 1000).toFixed(0)} ms`);
console.log('\nself time by function:');
console.log(tally(fnKey).map(line).join('\n'));
console.log('\nself time by file / package:');
console.log(tally(fileKey).map(line).join('\n'));
console.log('\ninclusive time of functions in src/ and bench/:');
console.log(inclusiveOurs().map(line).join('\n'));
