/**
 * Runs searches and lookups on a worker thread holding the served index (the threads of a
 * pool read its postings, references and texts from one copy: section-cache.ts), so that
 * the main thread only reads requests and writes answers: with two cores or more,
 * searching and HTTP then go on side by side. While the thread serves an index, the main
 * thread keeps no decoded copy of it (store/served-index.ts), so the process holds one
 * copy and a reload decodes nothing on the main thread (configuration `searchThread:
 * false` turns the thread off).
 *
 * The thread follows an {@link IndexHolder}: each index the holder swaps in is loaded
 * there first. A search goes to the thread only when the thread serves the very version
 * the request was given; otherwise (thread still loading, a newer index on its way, a
 * failed load, a thread that died) {@link SearchThread.search} answers null and the
 * caller searches on the main thread (decoding its copy first if it let it go: the one
 * wait a thread that died costs). An answer's `X-Index-Version` is therefore always the
 * index that produced it, and no request fails with the thread.
 *
 * Events: `loaded` (version), `warmed` (the warm-up searches of its first index are done,
 * search/warm-searches.ts), `loadFailed` (error), `searchError` (error; that search was
 * answered on the main thread), `threadError` (error), `exit` (code, restart delay in ms:
 * a thread that stops is started again, after 1 s, then twice as long each time until one
 * loads an index).
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { EngineOptions, SearchOptions } from '../search/engine.js';
import { followWords } from '../text/jieba.js';
import { stopThread } from '../text/jieba-threads.js';
import { spawnSearchThread, takeEarlyThread } from './search-thread-spawn.js';
import type { IndexHolder } from '../store/index-holder.js';
import type { Manifest } from '../store/store.js';
import type { SearchAnswer } from './search-answer.js';
import type { Lookup, LookupAnswer } from './lookups.js';
import type { SearchRequest, ThreadData, ThreadReply, ThreadRequest } from './search-thread-worker.js';
import type { SectionCache } from './section-cache.js';

/** Longest wait before a thread that died is started again (the wait doubles from 1 s). */
const MAX_RESTART_DELAY_MS = 60_000;

export class SearchThread extends EventEmitter {
  private worker: Worker | null = null;
  /** The versions the thread answers for: the served index and, during a swap, its replacement. */
  private served = new Set<string>();
  /** Whether the thread has run its warm-up searches (search/warm-searches.ts) since it started. */
  private warm = false;
  /** Each asked search's or related lookup's resolve, with what it gets if the thread stops first. */
  private readonly waiting = new Map<number, { resolve: (answer: unknown) => void; unanswered: null | undefined }>();
  private nextId = 0;
  /** Searches asked in this turn of the event loop, sent together after it. */
  private outbox: SearchRequest[] = [];
  private restarts = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly onSwap = (): void => {
    // Searches of the old version asked before the swap reach the thread before it drops that version.
    if (this.outbox.length > 0) this.flush();
    const current = this.holder.current?.manifest;
    // Loaded already when it was prepared for the swap (asked again, it only said so twice).
    if (!current || !this.served.has(current.version)) this.load();
    if (current) this.sections.retainFrom(path.join(this.holder.dir, current.dataFile));
    const version = current?.version;
    if (version) this.sendInOrder({ op: 'retain', version });
    if (version && this.served.has(version)) this.served = new Set([version]);
  };
  /** Each load asked by {@link prepare} and not settled yet: told true when the thread serves that version. */
  private readonly preparing = new Map<string, ((served: boolean) => void)[]>();
  /** Loads an index the holder is about to swap in, so that the thread serves it at the swap; true if it does. */
  private readonly prepare = (next: Manifest, options: EngineOptions): Promise<boolean> => {
    if (!this.worker) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiting = this.preparing.get(next.version);
      if (waiting) waiting.push(resolve);
      else this.preparing.set(next.version, [resolve]);
      this.holdOpen();
      this.sendLoad(next, options);
    });
  };
  private readonly onSynonyms = (groups: string[][]): void => this.sendInOrder({ op: 'synonyms', groups });
  private unfollowWords: (() => void) | null = null;

  /** Control messages (loads, retains, words, synonyms) not sent yet: a load may wait for its shared sections. */
  private controls: Promise<void> = Promise.resolve();

  /**
   * Each load takes its data file's shared sections from `sections` (the pool's, see
   * search-pool.ts), read once for every thread of the pool. `answersLookups: false`: the
   * thread is sent searches only, and builds nothing for suggestions or related posts
   * ahead of use.
   */
  constructor(
    private readonly holder: IndexHolder,
    private readonly sections: SectionCache,
    private readonly data: ThreadData,
  ) {
    super();
    holder.on('swap', this.onSwap);
    holder.on('synonyms', this.onSynonyms);
    holder.addPreparation(this.prepare);
    this.start();
  }

  /** Searches asked and not answered yet. */
  get pending(): number {
    return this.waiting.size;
  }

  /** The newest index version the thread serves; '' while it has none. */
  get version(): string {
    return [...this.served].at(-1) ?? '';
  }

  /** True once the thread has run its warm-up searches: its search code is compiled. */
  get warmedUp(): boolean {
    return this.warm;
  }

  /** True when the thread answers searches of `version`. */
  serves(version: string): boolean {
    return this.served.has(version);
  }

  /**
   * Searches `version` on the thread; null at once when the thread does not serve that
   * version. The promise also gives null if the thread could not answer (the caller then
   * searches itself).
   */
  search(version: string, query: string, options: SearchOptions): Promise<SearchAnswer | null> | null {
    const worker = this.worker;
    if (!worker || !this.served.has(version)) return null;
    return this.ask<SearchAnswer | null>(null, (id) => {
      // A server under load reads many requests in one turn: one message wakes the thread for all.
      if (this.outbox.length === 0) setImmediate(() => this.flush());
      this.outbox.push({ id, version, query, options });
    });
  }

  /**
   * A lookup (suggestions, a post, related posts) in `version`, answered on the thread:
   * null at once when the thread does not serve that version; the promise gives undefined
   * when the thread could not answer (the caller then looks it up itself).
   */
  lookup<L extends Lookup>(version: string, lookup: L): Promise<LookupAnswer<L> | undefined> | null {
    const worker = this.worker;
    if (!worker || !this.served.has(version)) return null;
    return this.ask<LookupAnswer<L> | undefined>(undefined, (id) =>
      worker.postMessage({ op: 'lookup', id, version, lookup } satisfies ThreadRequest),
    );
  }

  /** Registers a question to the thread, answered `unanswered` if the thread stops first; `send` sends it under its id. */
  private ask<T>(unanswered: null | undefined, send: (id: number) => void): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      this.waiting.set(id, { resolve: resolve as (answer: unknown) => void, unanswered });
      this.holdOpen();
      send(id);
    });
  }

  private flush(): void {
    const searches = this.outbox;
    this.outbox = [];
    if (this.worker) this.worker.postMessage({ op: 'search', searches } satisfies ThreadRequest);
    else for (const s of searches) this.answer(s.id, null);
  }

  /** Stops the thread; pending searches get null. */
  async close(): Promise<void> {
    this.closed = true;
    this.holder.off('swap', this.onSwap);
    this.holder.off('synonyms', this.onSynonyms);
    this.holder.removePreparation(this.prepare);
    this.unfollowWords?.();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const worker = this.worker;
    this.stopped();
    // Asked to stop, not torn down: it may be inside a jieba call (text/jieba-threads.ts).
    if (worker) await stopThread(worker);
  }

  private start(): void {
    const worker = takeEarlyThread(this.data) ?? spawnSearchThread(this.data);
    worker.on('message', (reply: ThreadReply) => this.receive(reply));
    // Not 'error': an EventEmitter throws that event when nobody listens.
    worker.on('error', (err) => this.emit('threadError', err));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.stopped();
      if (this.closed) return;
      const delay = Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** this.restarts++);
      this.emit('exit', code, delay);
      this.restartTimer = setTimeout(() => this.start(), delay);
      this.restartTimer.unref();
    });
    worker.unref();
    this.worker = worker;
    // The thread's jieba gets every word the main thread's has, so queries are cut alike.
    this.unfollowWords?.();
    this.unfollowWords = followWords((words) => this.sendInOrder({ op: 'words', words }));
    this.load();
  }

  private load(): void {
    const current = this.holder.current;
    if (current) this.sendLoad(current.manifest, this.holder.servedOptions);
  }

  /** Asks the thread to load `manifest`, with its data file's shared sections. */
  private sendLoad(manifest: Manifest, options: EngineOptions): void {
    const request = { op: 'load', dir: this.holder.dir, options, manifest } as const;
    // A thread that cannot have them reads its own: the load reports what is wrong.
    const shared = this.sections.get(path.join(this.holder.dir, manifest.dataFile)).catch(() => undefined);
    this.sendInOrder(shared.then((s) => (s ? { ...request, shared: s } : request)));
  }

  /**
   * Sends a control message after the ones asked before it: a load waiting for its shared
   * sections keeps its place (a retain asked after it must not overtake it). Searches go
   * at once.
   */
  private sendInOrder(request: ThreadRequest | Promise<ThreadRequest>): void {
    this.controls = this.controls.then(async () => this.send(await request)).catch((err: unknown) => void this.emit('threadError', err));
  }

  private send(request: ThreadRequest): void {
    this.worker?.postMessage(request);
  }

  private receive(reply: ThreadReply): void {
    if (reply.op === 'answers') {
      for (const { id, answer, error } of reply.answers) {
        if (error) this.emit('searchError', new Error(error));
        this.answer(
          id,
          answer && {
            query: answer.query,
            total: answer.total,
            version: answer.version,
            rest: new Uint8Array(reply.bytes, answer.start, answer.end - answer.start),
          },
        );
      }
    } else if (reply.op === 'warmed') {
      this.warm = true;
      this.emit('warmed');
    } else if (reply.op === 'lookup') {
      this.answer(reply.id, reply.value);
    } else if (reply.op === 'loaded') {
      this.served.add(reply.version);
      this.restarts = 0;
      this.settle(reply.version, true);
      // The main thread's own copy is not needed while the thread serves this version.
      this.holder.releaseDecoded(reply.version);
      this.emit('loaded', reply.version);
    } else {
      this.settle(reply.version, false);
      this.emit('loadFailed', new Error(reply.reason));
    }
  }

  /** Tells the preparations waiting for `version` whether the thread serves it. */
  private settle(version: string, served: boolean): void {
    const waiting = this.preparing.get(version);
    this.preparing.delete(version);
    this.holdOpen();
    for (const resolve of waiting ?? []) resolve(served);
  }

  /**
   * Pending questions and loads keep the process alive (a graceful shutdown waits for
   * them; a server's first load is the thread's); an idle thread does not.
   */
  private holdOpen(): void {
    if (this.waiting.size + this.preparing.size > 0) this.worker?.ref();
    else this.worker?.unref();
  }

  private answer(id: number, answer: unknown): void {
    const resolve = this.waiting.get(id)?.resolve;
    this.waiting.delete(id);
    this.holdOpen();
    resolve?.(answer);
  }

  private stopped(): void {
    this.worker = null;
    this.served = new Set();
    // A thread started again warms its code again.
    this.warm = false;
    for (const version of [...this.preparing.keys()]) this.settle(version, false);
    for (const { resolve, unanswered } of this.waiting.values()) resolve(unanswered);
    this.waiting.clear();
  }
}
