/**
 * The site's posts as a post's Liquid sees them: `site.posts` (newest first), the
 * documents of each other collection indexed (`site.<label>`, oldest first),
 * `site.tags` and `site.categories` (each name's posts, newest first, the names in the
 * order the oldest posts first give them), `site.related_posts` (the ten newest others,
 * Jekyll's choice without `lsi`), and `page.next`/`page.previous` (the next newer and
 * older document of its collection), as Jekyll 4.3's site payload has them.
 *
 * Only the posts whose Liquid looks at them need these (an archive, a series' table of
 * contents): they are rendered again once every post is known (build/listing-posts.ts). A listed
 * post's title, URL, date, tags and categories are what the build found; the rest of its
 * `page` (front matter, `slug`, `id`) is read from its file when a template asks for it.
 * Its `content` is what Jekyll's would be at that moment of its build: Jekyll renders the
 * documents of a collection oldest first and sets each one's content to its HTML, so a
 * post older than the one rendering shows its HTML, and a newer one (and itself) its raw
 * source.
 */
import fs from 'node:fs';
import { kramdownHtml } from '../markdown.js';
import { decodePost } from '../post.js';
import type { SitePostFile } from './discover.js';
import { excerptSource } from './excerpt.js';
import { liquidTime } from './liquid.js';
import type { SiteSettings } from './site-config.js';
import { readSitePost, renderSitePost, type SitePostPage } from './site-post.js';

/** A published document of the site, as the build found it. */
export interface ListedPost {
  id: string;
  file: SitePostFile;
  title: string;
  /** ISO 8601 with the site's offset. */
  date: string;
  /** No date in its front matter or file name (`Post.undated`): Jekyll orders it by its path alone. */
  undated: boolean;
  /** The URL with the site's `baseurl` (what a hit links to). */
  fullUrl: string;
  categories: string[];
  tags: string[];
}

/** What one post's Liquid is given of the others. */
export interface ListingScope {
  posts: object[];
  /** `site.<label>`: each other collection's documents, oldest first (by date, then path), as Jekyll sorts them. */
  collections: Record<string, object[]>;
  tags: Record<string, object[]>;
  categories: Record<string, object[]>;
  relatedPosts: object[];
  next: object | null;
  previous: object | null;
}

/** What liquidjs asks of every value it reads (is it a drop, a promise...): never read from a post's file. */
const LIQUID_PROBES = new Set(['toLiquid', 'valueOf', 'liquidMethodMissing', 'then', 'toString', 'constructor']);

/** Where a drop keeps how to read its content (a symbol: no key of its page). */
const CONTENT = Symbol('content');

/** What every drop inherits: printed, a document is its content (Jekyll's `Document#to_s`). */
const DROP = {
  toString(this: { [CONTENT]: () => string }): string {
    return this[CONTENT]();
  },
};

/** How many posts `site.related_posts` holds (Jekyll's `RelatedPosts`, without `lsi`). */
const RELATED_POSTS = 10;

/**
 * Jekyll's `Document#<=>`: by date, then by path. A collection is sorted as it is read,
 * before an undated document is given the build's time: one compares by path alone (so
 * Jekyll's order of a collection mixing dated and undated documents depends on its sort's
 * steps; this one takes a date, then a path, as the first comparison to decide).
 */
function compareDocs(a: ListedPost, b: ListedPost): number {
  const ta = Date.parse(a.date);
  const tb = Date.parse(b.date);
  if (ta !== tb && !a.undated && !b.undated) return ta - tb;
  return a.file.file < b.file.file ? -1 : a.file.file > b.file.file ? 1 : 0;
}

/** The site's documents for the Liquid of the posts that list them. */
export class SiteListing {
  /** Each collection's documents, oldest first (Jekyll's render order). */
  private readonly byCollection = new Map<string, ListedPost[]>();
  private readonly byId = new Map<string, ListedPost>();
  /** Each document's place in its collection's list (liquidjs asks every value for `next`). */
  private readonly position = new Map<ListedPost, number>();
  private readonly drops = new Map<string, object>();
  private readonly pages = new Map<string, SitePostPage | null>();
  private readonly html = new Map<string, string>();
  private readonly excerpts = new Map<string, string>();
  /** The posts that showed another's content, excerpt or front matter (not only what the build knows of it). */
  private readonly showingContent = new Set<string>();
  /** The posts being rendered, innermost last: whose moment decides what `content` shows. */
  private readonly rendering: string[] = [];
  private readonly posts: object[];
  private readonly collections: Record<string, object[]> = {};
  private readonly tags: Record<string, object[]>;
  private readonly categories: Record<string, object[]>;

  constructor(
    listed: ListedPost[],
    private readonly site: SiteSettings,
    private readonly now: number,
  ) {
    for (const p of listed) {
      this.byId.set(p.id, p);
      const docs = this.byCollection.get(p.file.collection) ?? [];
      docs.push(p);
      this.byCollection.set(p.file.collection, docs);
    }
    for (const docs of this.byCollection.values()) {
      docs.sort(compareDocs);
      docs.forEach((p, at) => this.position.set(p, at));
    }
    const posts = this.byCollection.get('posts') ?? [];
    this.posts = posts.map((p) => this.drop(p)).reverse();
    for (const [label, docs] of this.byCollection) if (label !== 'posts') this.collections[label] = docs.map((p) => this.drop(p));
    this.tags = this.byName(posts, (p) => p.tags);
    this.categories = this.byName(posts, (p) => p.categories);
  }

  /** Jekyll's `post_attr_hash`: each name's posts, newest first. */
  private byName(posts: ListedPost[], names: (p: ListedPost) => string[]): Record<string, object[]> {
    const out: Record<string, object[]> = {};
    for (const p of posts) for (const name of names(p)) (out[name] ??= []).push(this.drop(p));
    for (const list of Object.values(out)) list.reverse();
    return out;
  }

  /** What the post `id`'s Liquid is given; `posts` etc. are shared by every post. */
  scopeFor(id: string): ListingScope {
    const self = this.byId.get(id);
    const docs = self ? this.byCollection.get(self.file.collection)! : [];
    const at = self ? this.position.get(self)! : -1;
    const relatedPosts = this.posts.filter((d) => d !== (self && this.drops.get(self.id))).slice(0, RELATED_POSTS);
    return {
      posts: this.posts,
      collections: this.collections,
      tags: this.tags,
      categories: this.categories,
      relatedPosts,
      next: at >= 0 && at + 1 < docs.length ? this.drop(docs[at + 1]!) : null,
      previous: at > 0 ? this.drop(docs[at - 1]!) : null,
    };
  }

  /** True when the post `id`, rendered, showed another's content, excerpt or front matter. */
  showedContent(id: string): boolean {
    return this.showingContent.has(id);
  }

  /** Notes that the post being rendered shows more of another than the build knows. */
  private showing(): void {
    const outer = this.rendering[0];
    if (outer !== undefined) this.showingContent.add(outer);
  }

  /** Renders the post `id`'s content with `render`, while its moment of the build decides what others' `content` is. */
  renderingAs<T>(id: string, render: () => T): T {
    this.rendering.push(id);
    try {
      return render();
    } finally {
      this.rendering.pop();
    }
  }

  /**
   * A document as Liquid sees it: its title, URL, date, tags and categories as the build
   * found them, `next`, `previous` and `content` as above, anything else from its `page`.
   */
  private drop(p: ListedPost): object {
    let drop = this.drops.get(p.id);
    if (drop) return drop;
    const baseurl = this.site.baseurl.replace(/\/+$/, '').replace(/^(?=[^/])/, '/');
    const known: Record<string, () => unknown> = {
      title: () => p.title,
      url: () => (baseurl && p.fullUrl.startsWith(baseurl) ? p.fullUrl.slice(baseurl.length) : p.fullUrl),
      date: () => liquidTime(p.date),
      tags: () => p.tags,
      categories: () => p.categories,
      collection: () => p.file.collection,
      path: () => p.file.relative,
      relative_path: () => p.file.relative,
      next: () => this.neighbour(p, 1),
      previous: () => this.neighbour(p, -1),
      content: () => this.contentOf(p),
      excerpt: () => this.excerptOf(p),
      output: () => null,
    };
    const holds = (key: string | symbol): key is string =>
      typeof key === 'string' && (Object.hasOwn(known, key) || (!LIQUID_PROBES.has(key) && this.pageOf(p)?.page[key] !== undefined));
    // liquidjs reads own properties only: each is one to it, its value given by `get`.
    // What it asks of any value (LIQUID_PROBES) is an object's: `valueOf` the drop itself,
    // `toString` what Jekyll prints of a document (`{{ post }}`: its content, as above).
    const target = Object.create(DROP) as Record<PropertyKey, unknown>;
    target[CONTENT] = () => this.contentOf(p);
    drop = new Proxy(target, {
      get: (_, key) =>
        typeof key !== 'string' || LIQUID_PROBES.has(key)
          ? Reflect.get(target, key)
          : !holds(key)
            ? undefined
            : Object.hasOwn(known, key)
              ? known[key]!()
              : (this.showing(), this.pageOf(p)!.page[key]),
      has: (_, key) => holds(key),
      getOwnPropertyDescriptor: (_, key) =>
        holds(key) ? { configurable: true, enumerable: true, writable: false, value: undefined } : undefined,
    });
    this.drops.set(p.id, drop);
    return drop;
  }

  private neighbour(p: ListedPost, step: 1 | -1): object | null {
    const other = this.byCollection.get(p.file.collection)![this.position.get(p)! + step];
    return other ? this.drop(other) : null;
  }

  /** The post read again from its file (null when it cannot be: then only what the build found is known). */
  private pageOf(p: ListedPost): SitePostPage | null {
    if (!this.pages.has(p.id)) this.pages.set(p.id, this.readAgain(p));
    return this.pages.get(p.id)!;
  }

  private readAgain(p: ListedPost): SitePostPage | null {
    try {
      const raw = decodePost(p.file.relative, fs.readFileSync(p.file.file));
      const read = readSitePost(p.file, raw, this.site, this.now);
      return 'notPublished' in read ? null : read;
    } catch {
      return null;
    }
  }

  /**
   * `excerpt`: the one its front matter gives, as written, else its source up to the
   * separator (excerpt.ts), rendered: Liquid (its `page` the post's, without `layout` and
   * `excerpt`), then Markdown. Nothing while that post's excerpt is being rendered (Jekyll
   * stops with "stack level too deep" there).
   */
  private excerptOf(p: ListedPost): string {
    this.showing();
    const read = this.pageOf(p);
    if (!read) return '';
    const given = read.page.excerpt;
    if (given !== undefined && given !== null) return String(given);
    const separator = String(read.page.excerpt_separator ?? this.site.liquidSite.excerpt_separator ?? '\n\n');
    if (!separator) return '';
    if (this.tooDeep()) return excerptSource(read.body, separator);
    let html = this.excerpts.get(p.id);
    if (html === undefined) {
      this.excerpts.set(p.id, '');
      const { layout: _layout, excerpt: _excerpt, ...page } = read.page;
      const { content } = renderSitePost({ ...read, page, body: excerptSource(read.body, separator) }, this.site, this.now, this);
      html = read.format === 'markdown' ? kramdownHtml(content, this.site.kramdown) : content;
      this.excerpts.set(p.id, html);
    }
    return html;
  }

  /**
   * True when a post's content or excerpt is asked for by a post whose own content or
   * excerpt is being rendered: then it is given as written, not rendered. Posts each
   * showing the content of those before them would otherwise grow twice as long with each
   * post (Jekyll's do: forty such posts took a minute and 1.9 GB here).
   */
  private tooDeep(): boolean {
    return this.rendering.length > 1;
  }

  /** `content` at the moment of the build the innermost post rendering is at. */
  private contentOf(p: ListedPost): string {
    this.showing();
    const read = this.pageOf(p);
    if (!read) return '';
    const current = this.byId.get(this.rendering[this.rendering.length - 1] ?? '');
    const renderedBefore =
      current !== undefined &&
      (p.file.collection === current.file.collection ? compareDocs(p, current) < 0 : p.file.collection === 'posts');
    if (!renderedBefore || this.tooDeep()) return read.body;
    let html = this.html.get(p.id);
    if (html === undefined) {
      const { content } = renderSitePost(read, this.site, this.now, this);
      html = read.format === 'markdown' ? kramdownHtml(content, this.site.kramdown) : content;
      this.html.set(p.id, html);
    }
    return html;
  }
}
