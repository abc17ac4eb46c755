/**
 * The jieba words of titles and tags in a MiniSearch index, which serves fuzzy
 * corrections of Latin typos (`spotfy` → `spotify`). A loaded index keeps MiniSearch's
 * JSON and parses it on first use; a full build fills it on the segmenter worker.
 */
import MiniSearch, { type Suggestion } from 'minisearch';

interface WordDoc {
  id: number;
  title: string;
  tags: string;
}

const splitTerms = (s: string): string[] => s.split(' ');
const keepTerm = (t: string): string | null => t || null;
const OPTIONS = { fields: ['title', 'tags'], idField: 'id', tokenize: splitTerms, processTerm: keepTerm };

export class WordIndex {
  private index: MiniSearch<WordDoc> | null = null;
  private json: string | null;

  /** @param json MiniSearch JSON from {@link toJSON}, parsed on first use. */
  constructor(json?: string) {
    this.json = json ?? null;
  }

  private mini(): MiniSearch<WordDoc> {
    if (!this.index) {
      this.index = this.json ? MiniSearch.loadJSON<WordDoc>(this.json, OPTIONS) : new MiniSearch<WordDoc>(OPTIONS);
      this.json = null;
    }
    return this.index;
  }

  /** Indexes a post's space-separated title and tag terms under its slot. */
  add(slot: number, terms: { title: string; tags: string }): void {
    this.mini().add({ id: slot, title: terms.title, tags: terms.tags });
  }

  discard(slot: number): void {
    this.mini().discard(slot);
  }

  /** Index words within a quarter of the text's length in edits, best first. */
  fuzzy(text: string): Suggestion[] {
    return this.mini().autoSuggest(text, { fuzzy: 0.25, prefix: false, combineWith: 'AND', boost: { title: 3, tags: 1.5 } });
  }

  toJSON(): string {
    return this.json ?? JSON.stringify(this.mini());
  }
}
