/**
 * Delta segments: a small change (a writer saved a post or two) is saved as a file of its
 * own beside the index's data file, `delta-<version>.zsd`, holding only the posts added
 * or replaced, the ids removed and new file stamps; the manifest lists the deltas in
 * order (store.ts). Writing one costs the changed posts, not the whole index (which at
 * 100,000 posts is 140 MB), and a server that serves the version a delta changes applies
 * it to the index it holds instead of loading everything again (search-thread-worker.ts,
 * index-holder.ts). A fresh load applies every delta over the data file. When the deltas
 * grow, the next save is a full one again (a merge, {@link mergeDue}), as Lucene merges
 * its segments.
 *
 * A delta holds no postings: its posts are indexed again as they are applied (a few
 * milliseconds for a few posts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CHECKSUM, startChecksum } from './checksum.js';
import { encodeDataFile, snapshotSteps } from './data-file.js';
import type { Steps } from '../indexes/steps.js';
import type { EngineChange, SearchEngine } from '../search/engine.js';
import type { DeltaRef, Manifest } from './store.js';

/** A change of an index as a delta segment saves it. */
export type SavedChange = EngineChange;

/**
 * When the deltas of an index are due to be merged into a full save: this many of them
 * (`ZHSEARCH_MERGE_DELTAS` in the environment, default 16), or this share of the data
 * file's size. A load applies every delta (each re-indexes its posts), so they are kept
 * few and small.
 */
export const MERGE_AT = { deltas: Number(process.env.ZHSEARCH_MERGE_DELTAS) || 16, share: 0.05 };

/** A change larger than this share of the posts is saved in full rather than as a delta. */
const DELTA_MAX_SHARE = 0.02;
/** …unless it changes at most this many posts (a small site's every change is a delta). */
const DELTA_ALWAYS_POSTS = 64;

/** True when `manifest`'s deltas should be merged into a full save (see {@link MERGE_AT}; `atDeltas` instead of its count). */
export function mergeDue(manifest: Manifest, atDeltas = MERGE_AT.deltas): boolean {
  const deltas = manifest.deltas ?? [];
  const bytes = deltas.reduce((n, d) => n + d.bytes, 0);
  return deltas.length >= atDeltas || bytes >= MERGE_AT.share * manifest.bytes;
}

/** True when `change` of an index of `documentCount` posts is small enough to be saved as a delta. */
export function fitsDelta(change: SavedChange, documentCount: number): boolean {
  const size = change.docs.length + change.removed.length + change.stamps.length;
  return size <= Math.max(DELTA_ALWAYS_POSTS, DELTA_MAX_SHARE * documentCount);
}

/** A delta segment's file, piece by piece. */
export function encodeChange(change: SavedChange): Generator<Uint8Array> {
  return encodeDataFile({ docs: change.docs, grams: { strKeys: [], data: [] } }, change);
}

/**
 * The change saved in delta `ref` of index folder `dir`, checked against its recorded
 * size and checksum first; throws (a plain Error, or the file system's) when it cannot be
 * read or does not match.
 */
export function* readChangeSteps(dir: string, ref: DeltaRef): Steps<SavedChange> {
  const file = path.join(dir, ref.file);
  const size = fs.statSync(file).size;
  if (size !== ref.bytes) throw new Error(`${file}: size ${size}, expected ${ref.bytes}`);
  if (startChecksum(file, CHECKSUM)() !== ref.checksum) throw new Error(`${file}: checksum mismatch`);
  yield;
  const contents = yield* snapshotSteps(file);
  return { docs: contents.docs, removed: contents.removed, stamps: contents.stamps };
}

/**
 * Applies saved changes (the deltas up to `version`, read) to `engine` in order (see
 * {@link SearchEngine.applyChanges}); the engine then holds `version`.
 */
export function applyDeltas(engine: SearchEngine, changes: SavedChange[], version: string): void {
  for (const change of changes) {
    engine.applyChanges(change.docs, change.removed);
    for (const [id, stamp] of change.stamps) {
      const doc = engine.get(id);
      if (doc) doc.stamp = stamp;
    }
  }
  engine.version = version;
}

/**
 * The deltas that turn an index one holds into the one `manifest` names: those after the
 * last delta whose starting version `holds` says one has. Null when none starts from a
 * held version (the data file must be loaded).
 */
export function deltasOver(manifest: Manifest, holds: (version: string) => boolean): DeltaRef[] | null {
  const deltas = manifest.deltas ?? [];
  for (let i = deltas.length - 1; i >= 0; i--) if (holds(deltas[i]!.from)) return deltas.slice(i);
  return null;
}
