/**
 * The questions besides searches that routes ask of the index (suggestions, one post, its
 * related posts), answered by the same function on a search thread or, when no thread
 * serves the version, on the main thread.
 */
import type { SearchEngine, SearchHit } from '../search/engine.js';
import type { Suggestion } from '../indexes/suggest.js';

export type Lookup =
  | { kind: 'suggest'; prefix: string; limit: number }
  | { kind: 'post'; postId: string }
  /** `keywords`: the post's jieba keywords when already known (else worked out where the lookup is answered). */
  | { kind: 'related'; postId: string; limit: number; keywords?: string[] };

/** A post as GET /api/posts/:id gives it. */
export interface PostView {
  id: string;
  url: string;
  title: string;
  date: string | null;
  categories: string[];
  tags: string[];
  text: string;
}

/** What each lookup answers (null: no such post). */
export type LookupAnswer<L extends Lookup> = L extends { kind: 'suggest' }
  ? Suggestion[]
  : L extends { kind: 'post' }
    ? PostView | null
    : SearchHit[] | null;

export function answerLookup<L extends Lookup>(engine: SearchEngine, lookup: L): LookupAnswer<L> {
  return answer(engine, lookup) as LookupAnswer<L>;
}

function answer(engine: SearchEngine, lookup: Lookup): Suggestion[] | PostView | SearchHit[] | null {
  switch (lookup.kind) {
    case 'suggest':
      return engine.suggest(lookup.prefix, lookup.limit);
    case 'post': {
      const doc = engine.get(lookup.postId);
      if (!doc) return null;
      const { id, url, title, date, categories, tags, text } = doc;
      return { id, url, title, date, categories, tags, text };
    }
    case 'related':
      return engine.related(lookup.postId, lookup.limit, lookup.keywords);
  }
}
