/**
 * `--watch`: re-index when the site's posts, its `_config.yml` or `_includes`, or the
 * dictionaries change, so a writer who saves a post finds it in search seconds later.
 * Changes are debounced (an editor's save is several events), one build runs at a
 * time (changes during it start one more when it ends), and a failed build is reported
 * while the index already served keeps serving.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';

export interface SourceWatcherOptions {
  /** Folders watched recursively (the site root, or a posts folder). */
  roots: string[];
  /** Files watched besides (dictionaries). */
  files: string[];
  /** Paths below a root that never trigger a build (the index folder, `_site`, `.git`…). */
  ignore: (file: string) => boolean;
  /** Runs one build. */
  build: () => Promise<unknown>;
  /** Quiet time after the last change before a build starts (an editor's save is a few events within milliseconds). Default 100 ms. */
  debounceMs?: number;
}

/** Emits `change` (with the changed path), `start` when a build starts, then `build` (with its result) or `buildError`. */
export class SourceWatcher extends EventEmitter {
  private readonly watchers: fs.FSWatcher[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private pending = false;
  private closed = false;

  constructor(private readonly options: SourceWatcherOptions) {
    super();
  }

  start(): this {
    for (const root of this.options.roots) {
      const w = fs.watch(root, { recursive: true }, (_event, name) => {
        const file = name ? path.join(root, name.toString()) : root;
        if (!this.options.ignore(file)) this.changed(file);
      });
      w.on('error', (err) => this.emit('buildError', err));
      this.watchers.push(w);
    }
    for (const file of this.options.files) {
      // Watch the folder: editors replace a file by renaming a new one over it.
      const dir = path.dirname(file);
      if (!fs.existsSync(dir)) continue;
      const w = fs.watch(dir, (_event, name) => {
        if (name && path.join(dir, name.toString()) === file) this.changed(file);
      });
      w.on('error', (err) => this.emit('buildError', err));
      this.watchers.push(w);
    }
    return this;
  }

  /** A change: (re)starts the quiet period. */
  changed(file: string): void {
    if (this.closed) return;
    this.emit('change', file);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, this.options.debounceMs ?? 100);
  }

  private run(): void {
    if (this.running) {
      this.pending = true;
      return;
    }
    this.emit('start');
    this.running = this.options
      .build()
      .then(
        (result) => this.emit('build', result),
        (err: Error) => this.emit('buildError', err),
      )
      .then(() => {
        this.running = null;
        if (this.pending && !this.closed) {
          this.pending = false;
          this.run();
        }
      });
  }

  /** Stops watching; resolves when a build under way has ended. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    await this.running;
  }
}
