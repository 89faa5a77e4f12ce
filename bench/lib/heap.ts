/**
 * What an isolate holds: a V8 heap snapshot (the inspector's `HeapProfiler.takeHeapSnapshot`)
 * summed by kind of object and by constructor, largest first: which parts of the Worker stay in
 * memory, and what they weigh. The live heap is what a full collection marks, and it sets how far
 * the heap grows before the next one (a full collection's clearing is the other part of its pause:
 * README, thirteenth step).
 */

/** The parts of the snapshot format read here (see V8's `HeapSnapshotJSONSerializer`). */
interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapSummary {
  note: string;
  /** Bytes and objects of everything in the snapshot (what a full collection found alive). */
  totalBytes: number;
  objects: number;
  /** By V8's kind of node (code, string, object, closure, array, hidden…): bytes and count. */
  byKind: { kind: string; bytes: number; objects: number }[];
  /** By kind and constructor (or string/code name, cut short), largest first. */
  top: { kind: string; name: string; bytes: number; objects: number }[];
  /** The largest single objects. */
  largest: { kind: string; name: string; bytes: number }[];
}

export function summarizeHeap(raw: string, top = 25): HeapSummary {
  const s = JSON.parse(raw) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const kinds = s.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f)) as [number, number, number];
  const byKind = new Map<string, { bytes: number; objects: number }>();
  const byName = new Map<string, { kind: string; name: string; bytes: number; objects: number }>();
  const largest: { kind: string; name: string; bytes: number }[] = [];
  let totalBytes = 0;
  let objects = 0;
  for (let i = 0; i < s.nodes.length; i += width) {
    const kind = kinds[s.nodes[i + typeAt] as number] ?? "?";
    const bytes = s.nodes[i + sizeAt] as number;
    if (kind === "synthetic") continue;
    const name = (s.strings[s.nodes[i + nameAt] as number] ?? "").slice(0, 60);
    totalBytes += bytes;
    objects++;
    const k = byKind.get(kind) ?? { bytes: 0, objects: 0 };
    k.bytes += bytes;
    k.objects++;
    byKind.set(kind, k);
    // Strings and numbers are named by their value: summed per kind, not per value.
    const label = kind === "string" || kind === "concatenated string" || kind === "sliced string" || kind === "number" ? `(${kind})` : name;
    const key = `${kind}\u0000${label}`;
    const n = byName.get(key) ?? { kind, name: label, bytes: 0, objects: 0 };
    n.bytes += bytes;
    n.objects++;
    byName.set(key, n);
    if (bytes >= 65_536) largest.push({ kind, name, bytes });
  }
  return {
    note: "a V8 heap snapshot of the Worker's isolate (what a full collection found alive), by kind of node and by constructor or name, self sizes",
    totalBytes,
    objects,
    byKind: [...byKind].map(([kind, v]) => ({ kind, ...v })).sort((a, b) => b.bytes - a.bytes),
    top: [...byName.values()].sort((a, b) => b.bytes - a.bytes).slice(0, top),
    largest: largest.sort((a, b) => b.bytes - a.bytes).slice(0, 10),
  };
}
