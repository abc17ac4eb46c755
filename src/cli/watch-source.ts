/**
 * `--watch`: re-index when the site's posts, its `_config.yml` or `_includes`, or the
 * dictionaries change, so a writer who saves a post finds it in search seconds later.
 * Changes are debounced (an editor's save is several events), one build runs at a
 * time (changes during it start one more when it ends), and a failed build is reported
 * while the index already served keeps serving. Each build is told the paths changed
 * since the last one, so it can read just those (build/changed-files.ts).
 *
 * Every folder is watched on its own (`fs.watch` without `recursive`): Node 20's
 * recursive watch on Linux watches every file, which took 1.2 s to set up over a folder
 * of 100,000 posts, ran out of inotify watches, and reported a save 166 ms late (one
 * folder watch: under a millisecond). A folder added or removed sets the watches up again.
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
  /**
   * Runs one build; `changed` holds the paths changed since the last one started, or is
   * undefined when they are not all known (an event without a name).
   */
  build: (changed: string[] | undefined) => Promise<unknown>;
  /** Quiet time after the last change before a build starts (an editor's save is a few events within milliseconds). Default 50 ms. */
  debounceMs?: number;
}

/** Emits `change` (with the changed path), `start` when a build starts, then `build` (with its result) or `buildError`. */
export class SourceWatcher extends EventEmitter {
  private readonly watchers: fs.FSWatcher[] = [];
  /** The watches of the roots' folders, by folder. */
  private folders = new Map<string, fs.FSWatcher>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private pending = false;
  private closed = false;
  /** Paths changed since the last build started; null when some change came without its path. */
  private changes: Set<string> | null = new Set();

  constructor(private readonly options: SourceWatcherOptions) {
    super();
  }

  start(): this {
    this.watchFolders();
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

  /** Watches every folder below the roots (but ignored ones), dropping the watches there were. */
  private watchFolders(): void {
    for (const w of this.folders.values()) w.close();
    this.folders.clear();
    const walk = (dir: string): void => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return; // gone, or unreadable: its changes are not seen (a build reports what it cannot read)
      }
      this.watchFolder(dir);
      for (const e of entries) {
        const sub = path.join(dir, e.name);
        if (e.isDirectory() && !this.options.ignore(sub)) walk(sub);
      }
    };
    for (const root of this.options.roots) walk(root);
  }

  private watchFolder(dir: string): void {
    let w: fs.FSWatcher;
    try {
      w = fs.watch(dir, (_event, name) => {
        if (!name) return this.changed(null);
        const file = path.join(dir, name.toString());
        if (this.options.ignore(file)) return;
        // A folder added, removed or renamed: watched anew (and the build scans everything).
        if (this.folders.has(file) || isFolder(file)) this.watchFolders();
        this.changed(file);
      });
    } catch {
      return;
    }
    w.on('error', () => {
      // A watched folder removed: its parent's watch reports it.
      w.close();
      if (this.folders.get(dir) === w) this.folders.delete(dir);
    });
    this.folders.set(dir, w);
  }

  /**
   * Takes `build`, run by someone else (a server's first build from the source), as one of
   * its own: changes seen while it runs start one more build when it ends, of just those.
   */
  followBuild(build: Promise<unknown>): void {
    if (this.closed || this.running) return;
    this.changes = new Set();
    this.running = build.then(
      () => this.finished(),
      () => this.finished(),
    );
  }

  /** Builds now from the whole source (as after a change not named), e.g. to catch up on changes made before watching. */
  buildNow(): void {
    if (this.closed) return;
    this.changes = null;
    this.run();
  }

  /** A change of `file` (null: of something not named): (re)starts the quiet period. */
  changed(file: string | null): void {
    if (this.closed) return;
    if (file === null) this.changes = null;
    else this.changes?.add(file);
    this.emit('change', file);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, this.options.debounceMs ?? 50);
  }

  private run(): void {
    if (this.running) {
      this.pending = true;
      return;
    }
    this.emit('start');
    const changed = this.changes ? [...this.changes] : undefined;
    this.changes = new Set();
    this.running = this.options
      .build(changed)
      .then(
        (result) => this.emit('build', result),
        (err: Error) => this.emit('buildError', err),
      )
      .then(() => this.finished());
  }

  /** A build ended: the next one starts if changes came meanwhile. */
  private finished(): void {
    this.running = null;
    if (this.pending && !this.closed) {
      this.pending = false;
      this.run();
    }
  }

  /** Stops watching; resolves when a build under way has ended. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    for (const w of this.folders.values()) w.close();
    this.folders.clear();
    await this.running;
  }
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
