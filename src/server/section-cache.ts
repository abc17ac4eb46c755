/**
 * The data files' sections in shared memory for the search threads of a pool
 * (store/data-file.ts `readSharedSections`): read once per data file, on the main thread
 * and off it (asynchronous reads), and handed to each thread that loads that file, so
 * that N threads hold one copy of the postings, references and texts instead of N.
 */
import { readSharedSections, type SharedSections } from '../store/data-file.js';

/** Data files whose sections are kept at most: the one served and those on their way in. */
const KEPT = 3;

export class SectionCache {
  private readonly files = new Map<string, Promise<SharedSections>>();

  /** The shared sections of `file`, read on first ask. */
  get(file: string): Promise<SharedSections> {
    let sections = this.files.get(file);
    if (!sections) {
      sections = readSharedSections(file);
      this.files.set(file, sections);
      // The oldest is let go: the threads that loaded it hold what they use.
      for (const old of this.files.keys()) if (this.files.size > KEPT) this.files.delete(old);
    }
    return sections;
  }

  /**
   * Lets go of the files asked for before `file`, the one now served: the threads that
   * loaded them have moved on, and holding them would keep a whole old index's postings
   * in memory until the next file came.
   */
  retainFrom(file: string): void {
    if (!this.files.has(file)) return;
    for (const key of this.files.keys()) {
      if (key === file) break;
      this.files.delete(key);
    }
  }
}
