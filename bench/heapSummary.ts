/**
 * Summarises a V8 heap snapshot (bench item 7 writes one of the bot with BENCH_HEAP_SNAPSHOT=1):
 * self size by node type and by constructor, largest first. `npx tsx bench/heapSummary.ts <file>`.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

function summarise(file: string, top = 25): void {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = snap.snapshot.meta.node_types[0];
  const byType = new Map<string, number>();
  const byName = new Map<string, { size: number; count: number }>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt] ?? 0] ?? '?';
    const size = snap.nodes[i + sizeAt] ?? 0;
    total += size;
    byType.set(type, (byType.get(type) ?? 0) + size);
    const name =
      type === 'object' || type === 'native'
        ? (snap.strings[snap.nodes[i + nameAt] ?? 0] ?? '?')
        : `(${type})`;
    const entry = byName.get(name) ?? { size: 0, count: 0 };
    entry.size += size;
    entry.count++;
    byName.set(name, entry);
  }
  const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MB`;
  console.log(`${file}: ${mb(total)} in ${snap.nodes.length / width} nodes`);
  for (const [type, size] of [...byType].sort((a, b) => b[1] - a[1]))
    console.log(`  ${type.padEnd(20)} ${mb(size)}`);
  console.log('  by constructor:');
  for (const [name, { size, count }] of [...byName].sort((a, b) => b[1].size - a[1].size).slice(0, top)) {
    console.log(`  ${name.slice(0, 40).padEnd(40)} ${mb(size).padStart(9)} ${String(count).padStart(8)}`);
  }
}

for (const file of process.argv.slice(2)) summarise(file);
