/**
 * Holds the index being served and swaps in new ones. A reload loads the new index
 * beside the old one and replaces the reference in one assignment: a request reads the
 * reference once, so it finishes on the index it started with, and none ever sees a
 * half-loaded one. A new index that fails to load is refused; the old one keeps serving.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { EngineOptions } from '../search/engine.js';
import { loadIndex, loadIndexInSlices, readDeltas, readDeltasSteps, readManifest, type LoadedIndex, type Manifest } from './store.js';
import { applyDeltas, deltasOver, type SavedChange } from './delta.js';
import { ServedIndex } from './served-index.js';
import { runStepsInSlices } from '../indexes/steps.js';
import { addWords } from '../text/jieba.js';

/** Where the holder reads query-time dictionaries; re-read on every reload. */
export interface HolderOptions extends EngineOptions {
  /** Synonym groups, read again at each reload (and when the synonyms file changes). */
  loadSynonyms?: () => string[][];
  /** The synonyms file to watch, if any. */
  synonymsFile?: string;
  /** Build completion and pinyin lookups (before a replacement index serves, right after the first). Default true. */
  warm?: boolean;
}

function dataStamp(dir: string, manifest: Manifest): string | null {
  try {
    const st = fs.statSync(path.join(dir, manifest.dataFile));
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return null;
  }
}

/**
 * See {@link IndexHolder.addPreparation}: true when the preparer now serves `next` itself.
 * A failure does not stop the swap.
 */
export type Preparation = (next: Manifest, options: EngineOptions) => Promise<boolean>;

export interface ReloadOutcome {
  changed: boolean;
  version: string;
  documentCount: number;
}

/**
 * The index a server serves, swapped for a new one without downtime.
 *
 * @example
 * const holder = new IndexHolder('index-data', { loadSynonyms: () => [['人工智能', 'AI']] });
 * holder.reload();        // loads (or keeps) the index on disk
 * holder.watch();         // and again whenever reindex writes a new one
 * holder.current?.engine.search('乳山绿茶');
 */
export class IndexHolder extends EventEmitter {
  private loaded: ServedIndex | null = null;
  private watcher: fs.FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private servedWith: EngineOptions = {};
  /** Size and change time of the served index's data file when it was loaded. */
  private stamp: string | null = null;
  /** Work done with each replacement before {@link reloadInSlices} swaps it in (e.g. search threads loading it too). */
  private readonly preparations = new Set<Preparation>();
  /** The last of the loads asked of {@link reloadInSlices}: each waits for the one before. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly options: HolderOptions = {},
  ) {
    super();
  }

  /** The index being served, or null before the first load. */
  get current(): ServedIndex | null {
    return this.loaded;
  }

  /** The engine options the served index was loaded with (synonyms included). */
  get servedOptions(): EngineOptions {
    return this.servedWith;
  }

  /** Loads the index on disk if its version differs from the one served; throws (keeping the old) when it cannot. */
  reload(): ReloadOutcome {
    const manifest = readManifest(this.dir);
    if (this.loaded && manifest.version === this.loaded.manifest.version) {
      // Same version: the data file is checked again only if it changed on disk since (a
      // damaged or replaced file is reported; what is served was verified when it loaded).
      const stamp = dataStamp(this.dir, manifest);
      if (stamp !== this.stamp) {
        loadIndex(this.dir, this.servedWith);
        this.stamp = stamp;
      }
      return this.unchanged();
    }
    const options = this.nextOptions();
    const over = this.deltasOverServed(manifest);
    if (over) return this.swapIn(this.withChanges(manifest, readDeltas(this.dir, over)), options);
    const next = loadIndex(this.dir, options);
    // A replacement is warmed before it serves, so no reader waits for its lookups.
    if (this.options.warm !== false && this.loaded) next.engine.warm();
    return this.swapIn(this.served(next), options);
  }

  /**
   * {@link reload} for a thread that serves requests meanwhile: the new index is verified
   * on another thread and decoded and warmed in slices of a few milliseconds, then swapped
   * in. When every preparation (search threads) serves the new index itself, this thread
   * decodes nothing: the index is swapped in undecoded (see served-index.ts). Calls run one
   * after another: one made during a load waits for it, then finds the version it would
   * load already served (or loads a newer one).
   */
  reloadInSlices(): Promise<ReloadOutcome> {
    const run = this.queue.then(() => this.loadInSlices());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async loadInSlices(): Promise<ReloadOutcome> {
    const manifest = readManifest(this.dir);
    if (this.loaded && manifest.version === this.loaded.manifest.version) {
      const stamp = dataStamp(this.dir, manifest);
      if (stamp !== this.stamp) {
        await loadIndexInSlices(this.dir, this.servedWith);
        this.stamp = stamp;
      }
      return this.unchanged();
    }
    const options = this.nextOptions();
    // Whoever serves copies of the index (search threads) loads this one before the swap.
    if (this.preparations.size > 0) {
      const servedElsewhere = await Promise.all([...this.preparations].map((p) => p(manifest, options).catch(() => false)));
      if (this.loaded?.manifest.version === manifest.version) return this.unchanged();
      if (servedElsewhere.every(Boolean)) return this.swapIn(this.served({ manifest }), options);
      // A thread could not load it: this thread decodes it (and refuses it if it is damaged).
    }
    const over = this.deltasOverServed(manifest);
    if (over) {
      const served = this.loaded;
      const changes = await runStepsInSlices(readDeltasSteps(this.dir, over));
      // Unless it was swapped or let go meanwhile (then decoded anew below).
      if (this.loaded === served && served?.decodedEngine) return this.swapIn(this.withChanges(manifest, changes), options);
    }
    const next = await loadIndexInSlices(this.dir, options, manifest);
    if (this.options.warm !== false && this.loaded) await runStepsInSlices(next.engine.warmSteps());
    // A synchronous reload may have served this version meanwhile.
    if (this.loaded?.manifest.version === manifest.version) return this.unchanged();
    return this.swapIn(this.served(next), options);
  }

  /**
   * The deltas that make `manifest`'s version of the one served, when the served index is
   * decoded here and they apply to it (store/delta.ts); else null.
   */
  private deltasOverServed(manifest: Manifest): Manifest['deltas'] | null {
    const served = this.loaded;
    if (!served?.decodedEngine) return null;
    return deltasOver(manifest, (v) => v === served.manifest.version);
  }

  /**
   * The served engine with `changes` (the deltas to `manifest`, read and checked) applied
   * in place: searches run one at a time here, so each sees it before or after. Its
   * lookups are rebuilt in slices, answered meanwhile from the ones it had.
   */
  private withChanges(manifest: Manifest, changes: SavedChange[]): ServedIndex {
    const engine = this.loaded!.decodedEngine!;
    applyDeltas(engine, changes, manifest.version);
    if (this.options.warm === false) engine.dropOutdatedLookups();
    else void runStepsInSlices(engine.warmSteps());
    return this.served({ manifest, engine });
  }

  /** `index` as served: its engine decoded again on demand from the same manifest once let go. */
  private served(index: { manifest: Manifest; engine?: LoadedIndex['engine'] }): ServedIndex {
    const { manifest } = index;
    return new ServedIndex(manifest, () => loadIndex(this.dir, this.servedWith, manifest).engine, index.engine);
  }

  /**
   * Lets this thread's decoded copy of `version` go, if it is the one served: a search
   * thread serves it now (see served-index.ts).
   */
  releaseDecoded(version: string): void {
    if (this.loaded?.manifest.version === version) this.loaded.release();
  }

  private unchanged(): ReloadOutcome {
    const { manifest } = this.loaded!;
    return { changed: false, version: manifest.version, documentCount: manifest.documentCount };
  }

  /** Engine options for the next index: the holder's, with the synonyms read again. */
  private nextOptions(): EngineOptions {
    const engineOptions = this.engineOptions();
    return { ...engineOptions, synonyms: this.options.loadSynonyms?.() ?? engineOptions.synonyms };
  }

  private swapIn(next: ServedIndex, options: EngineOptions): ReloadOutcome {
    // Words of the index's user dictionary segment queries from now on.
    addWords(next.manifest.userWords);
    const previous = this.loaded;
    this.loaded = next;
    this.servedWith = options;
    this.stamp = dataStamp(this.dir, next.manifest);
    this.emit('swap', next, previous);
    // The first index serves at once and warms right after: searches need no lookups.
    const engine = next.decodedEngine;
    if (this.options.warm !== false && !previous && engine) void runStepsInSlices(engine.warmSteps());
    return { changed: true, version: next.manifest.version, documentCount: next.manifest.documentCount };
  }

  /**
   * Adds work to do with each replacement index before {@link reloadInSlices} swaps it in:
   * a search thread loads it, so that it answers for the new version from the swap on.
   * When every preparation answers true, this thread does not decode the index at all.
   */
  addPreparation(prepare: Preparation): void {
    this.preparations.add(prepare);
  }

  removePreparation(prepare: Preparation): void {
    this.preparations.delete(prepare);
  }

  /** Serves an index built in this process (e.g. on first start) without reading it back. */
  use(index: LoadedIndex): void {
    const previous = this.loaded;
    this.servedWith = this.engineOptions();
    this.loaded = this.served(index);
    this.emit('swap', this.loaded, previous);
  }

  /** The options meant for the engine, without the holder's own. */
  private engineOptions(): EngineOptions {
    const { loadSynonyms: _synonyms, synonymsFile: _file, warm: _warm, ...engine } = this.options;
    return engine;
  }

  /** Reloads whenever `manifest.json` changes (debounced); failures are reported as `reloadError`. */
  watch(debounceMs = 200): void {
    if (this.watcher) return;
    fs.mkdirSync(this.dir, { recursive: true });
    const synonyms = this.options.synonymsFile ? path.resolve(this.options.synonymsFile) : null;
    this.watcher = fs.watch(this.dir, (_event, name) => {
      if (synonyms && name && path.resolve(this.dir, String(name)) === synonyms) {
        this.refreshSynonyms();
        return;
      }
      if (name && path.basename(String(name)) !== 'manifest.json') return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.reloadInSlices().then(
          (r) => r.changed && this.emit('reloaded', r),
          (err: unknown) => this.emit('reloadError', err),
        );
      }, debounceMs);
    });
    this.watcher.on('error', (err) => this.emit('reloadError', err));
  }

  /** Applies the synonyms file to the served index at once (no reload needed). */
  refreshSynonyms(): void {
    const groups = this.options.loadSynonyms?.();
    if (groups && this.loaded) {
      // An index not decoded here takes them when it is (from the options).
      this.loaded.decodedEngine?.setSynonyms(groups);
      this.servedWith = { ...this.servedWith, synonyms: groups };
      this.emit('synonyms', groups);
    }
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.timer) clearTimeout(this.timer);
  }
}
