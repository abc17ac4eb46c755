/**
 * Posts packed the way a loaded data file holds them (store/stored-doc.ts), in memory:
 * what a build keeps of each post once it is indexed. As plain objects, a million
 * generated posts took 1.7 KB of heap each (their anchors as two typed arrays, a dozen
 * small objects and strings), most of a build's peak memory and of its garbage
 * collection; packed, a post is one small object over shared buffers, and a save copies
 * its JSON line as it is.
 */
import { IntList } from '../indexes/int-list.js';
import type { AnalyzedDoc } from '../indexes/analyze.js';
import { LazyFile } from './lazy-file.js';
import { coldLine, KeptLines, KeptTexts, NameIds, NORM_ORDER, pushFacetsAndAnchors, StoredDoc, type DocSections } from './stored-doc.js';

/**
 * `docs` packed together: each is replaced by a {@link StoredDoc} with the same fields.
 * `kept` is the ring of parsed lines the batches of one build share.
 */
export function packDocs(docs: readonly AnalyzedDoc[], kept: KeptLines): StoredDoc[] {
  const lines = docs.map(coldLine);
  let sourceChars = 0;
  for (const d of docs) sourceChars += d.text.length;
  const coldAt = 2 * sourceChars;
  const lineStarts = new Int32Array(docs.length + 1);
  let coldBytes = 0;
  lines.forEach((line, i) => {
    lineStarts[i] = coldBytes;
    coldBytes += Buffer.byteLength(line);
  });
  lineStarts[docs.length] = coldBytes;
  // The source texts (UTF-16), then the JSON lines: the stretch a load leaves in the file.
  const bytes = Buffer.allocUnsafeSlow(coldAt + coldBytes);
  const hot: string[] = [];
  let hotChars = 0;
  let sourceAt = 0;
  const refs = new IntList();
  const starts: number[] = [];
  const categories = new NameIds();
  const tags = new NameIds();
  const times = new Float64Array(docs.length);
  const ownChars = new Map<number, number>();
  docs.forEach((d, i) => {
    if (d.ownChars !== undefined) ownChars.set(i, d.ownChars);
    starts.push(refs.length);
    bytes.write(d.text, 2 * sourceAt, 'utf16le');
    refs.push(0);
    refs.push(sourceAt);
    refs.push((sourceAt += d.text.length));
    const norm = d.norm;
    for (const f of NORM_ORDER) {
      const text = norm[f];
      hot.push(text);
      refs.push(0);
      refs.push(hotChars);
      refs.push((hotChars += text.length));
    }
    pushFacetsAndAnchors(refs, d, categories, tags);
    times[i] = d.time ?? NaN;
  });
  let at = coldAt;
  for (const line of lines) at += bytes.write(line, at, 'utf8');
  const sections: DocSections = {
    ids: docs.map((d) => d.id),
    chunks: [hot.join('')],
    refs: refs.toInt32Array(),
    times,
    ownChars: ownChars.size ? ownChars : null,
    categoryNames: categories.names,
    tagNames: tags.names,
    file: LazyFile.holding(bytes),
    sourceChunks: [{ at: 0, chars: sourceChars }],
    coldAt,
    lineStarts,
    kept,
    textsKept: new KeptTexts(docs.length),
    refStarts: Int32Array.from(starts),
  };
  return docs.map((_, i) => new StoredDoc(sections, i));
}
