/**
 * The index a server serves, as the main thread holds it: the manifest always, the
 * decoded engine only while something on this thread needs it.
 *
 * With search threads (server/search-thread.ts) answering every search, suggestion and
 * post lookup, the main thread needs no copy of the index of its own. Decoding one on
 * each reload held up every request for tens of milliseconds (young-generation
 * collections of the decoded posts, on top of the slices) and doubled the memory. So an
 * index the threads have loaded is swapped in undecoded (a server's first index too),
 * and a copy decoded here (by a synchronous reload) is let go once a thread serves it.
 * The engine is decoded here, in one go, the first time it is asked for: a search no
 * thread can answer (a thread that died), or a library or script using the engine.
 */
import type { SearchEngine } from '../search/engine.js';
import type { LoadedIndex, Manifest } from './store.js';

export class ServedIndex implements LoadedIndex {
  private decoded: SearchEngine | null;

  /** `decode` loads this very version (its data file, verified); `engine`, when it is already decoded. */
  constructor(
    readonly manifest: Manifest,
    private readonly decode: () => SearchEngine,
    engine: SearchEngine | null = null,
  ) {
    this.decoded = engine;
  }

  /** The engine, decoded now if it is not (throws IndexLoadError when the data file is gone or damaged). */
  get engine(): SearchEngine {
    this.decoded ??= this.decode();
    return this.decoded;
  }

  /** The engine if it is decoded on this thread, else null (nothing is decoded). */
  get decodedEngine(): SearchEngine | null {
    return this.decoded;
  }

  /** Lets the decoded engine go (its memory is reclaimed); the next use decodes it again. */
  release(): void {
    this.decoded = null;
  }
}
