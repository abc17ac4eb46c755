/**
 * Liquid as Jekyll runs it on a post before Markdown (liquidjs): `{{ site.* }}` and
 * `{{ page.* }}`, `{% include %}` from the site's `_includes` with Jekyll's
 * `key="value"` parameters, `raw`, `comment`, `highlight` (with `linenos`), `post_url`
 * and `link`. What a theme or plugin would supply is left out and the rest rendered: an
 * include the site does not have renders nothing (a theme's `embed/youtube.html`), a tag
 * nobody defined too (`{% gist 1234 %}`; a block's body stays, as text). A template
 * Liquid still cannot render has its tags removed instead, so its text is still indexed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as Liquidjs from 'liquidjs';
import type { Context, Emitter, FS, Liquid, TagToken, Template, TopLevelToken } from 'liquidjs';
import { lazyRequire } from '../../lazy-require.js';
import { renderMarkdown } from '../markdown.js';
import { kramdownTypography } from '../kramdown/typography.js';
import { includedText, splitInclude } from './include-relative.js';
import { JEKYLL_FILTERS } from './liquid-filters.js';
import { rubyStrftime } from './ruby-strftime.js';
import { parseSiteDate } from './site-time.js';
import type { KramdownOptions } from '../kramdown/options.js';

const liquidjs = lazyRequire<typeof Liquidjs>('liquidjs');

/**
 * A time as Jekyll's Liquid has it (a Ruby Time): shown as Ruby shows it,
 * `2023-07-01 10:20:30 +0800`, also by `jsonify`, and a date to the date filters.
 */
export class LiquidTime extends Date {
  constructor(
    time: number,
    private readonly shown: string,
  ) {
    super(time);
  }
  override toString(): string {
    return this.shown;
  }
  override toJSON(): string {
    return this.shown;
  }
}

/** An ISO 8601 time with its offset (`2023-07-01T10:20:30+08:00`) as a {@link LiquidTime}. */
export function liquidTime(iso: string): LiquidTime {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.exec(iso);
  const zone = !m || m[3] === 'Z' ? '+0000' : m[3]!.replace(':', '');
  return new LiquidTime(Date.parse(iso), m ? `${m[1]} ${m[2]} ${zone}` : iso);
}

/** What a post's Liquid sees. */
export interface LiquidScope {
  site: Record<string, unknown>;
  page: Record<string, unknown>;
  /**
   * Written before and after a `highlight` block: a newline each for a Markdown page (Jekyll's
   * Markdown converter's `highlighter_prefix`, so the block is a block of its own to
   * kramdown, even in a paragraph's line), nothing for HTML.
   */
  highlighter_prefix?: string;
  highlighter_suffix?: string;
}

/** {@link LiquidScope}'s highlighter fields for a Markdown page. */
export const MARKDOWN_HIGHLIGHTER = { highlighter_prefix: '\n', highlighter_suffix: '\n' } as const;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\n': '&#10;' };

/** The tags Jekyll adds, made once liquidjs is loaded (they extend its `Tag`). */
function jekyllTags(Tag: typeof Liquidjs.Tag, Hash: typeof Liquidjs.Hash) {
  /**
   * The `highlight` block as Rouge's HTML, on one line (newlines as `&#10;` in the `<pre>`),
   * so Markdown sees one HTML block however many blank lines the code has.
   */
  class HighlightTag extends Tag {
    private readonly body: Template[] = [];
    private readonly lang: string;
    private readonly linenos: boolean;
    constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
      super(token, remain, liquid);
      const [lang = 'text', ...opts] = token.args.trim().split(/\s+/);
      this.lang = lang;
      this.linenos = opts.some((o) => o.startsWith('linenos'));
      for (;;) {
        const next = remain.shift();
        if (!next) throw new Error(`tag ${token.getText()} not closed`);
        if ((next as TagToken).name === 'endhighlight') break;
        this.body.push(liquid.parser.parseToken(next, remain));
      }
    }
    *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      const code = ((yield this.liquid.renderer.renderTemplates(this.body, ctx)) as string).replace(/^\n+|\s+$/g, '');
      const escaped = code.replace(/[&<>"\n]/g, (c) => ESCAPES[c]!);
      const pre = `<pre><code class="language-${this.lang}" data-lang="${this.lang}">${escaped}</code></pre>`;
      const numbers = (): string =>
        code
          .split('\n')
          .map((_, i) => i + 1)
          .join('&#10;');
      const figure = this.linenos
        ? `<figure class="highlight"><table class="rouge-table"><tbody><tr><td class="gutter gl"><pre class="lineno">${numbers()}</pre></td><td class="code">${pre}</td></tr></tbody></table></figure>`
        : `<figure class="highlight">${pre}</figure>`;
      const around = (name: string): string => {
        const value: unknown = ctx.getSync([name]);
        return typeof value === 'string' ? value : '';
      };
      emitter.write(`${around('highlighter_prefix')}${figure}${around('highlighter_suffix')}`);
    }
  }

  /** A tag whose output does not reach the reader's text (a URL inside a link): rendered as a best guess. */
  function urlTag(guess: (arg: string, scope: Context) => string): Parameters<Liquid['registerTag']>[1] {
    return class extends Tag {
      private readonly arg: string;
      constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
        super(token, remain, liquid);
        this.arg = token.args.trim();
      }
      render(ctx: Context, emitter: Emitter): void {
        emitter.write(guess(this.arg, ctx));
      }
    };
  }
  /**
   * `{% include_relative file.md key="value" %}`: a file beside the post (below its folder),
   * rendered with the post's Liquid, as Jekyll's IncludeRelativeTag: the name split from
   * its parameters as Jekyll splits it (a name with `{{ }}` is rendered first), refused
   * when Jekyll refuses it (`..`, characters outside `[\w/.\-()+~#@]`), and nothing when
   * the file is not there, where Jekyll stops the build. `page.path` is from `postsRoot`
   * (the site's `collections_dir`), which bounds what is read.
   */
  function includeRelativeTag(postsRoot: string) {
    return class IncludeRelativeTag extends Tag {
      private readonly file: Template[];
      private readonly params: Liquidjs.Hash | null;
      constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
        super(token, remain, liquid);
        const { file, params } = splitInclude(token.args);
        this.file = liquid.parse(file);
        this.params = params ? new Hash(params, true) : null;
      }
      *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
        const name = ((yield this.liquid.renderer.renderTemplates(this.file, ctx)) as string).trim();
        const pagePath = ctx.getSync(['page', 'path']);
        const source = includedText(postsRoot, typeof pagePath === 'string' ? pagePath : '', name);
        if (source === null) return;
        const templates = this.liquid.parse(source);
        if (this.params) ctx.push({ include: (yield this.params.render(ctx)) as Record<string, unknown> });
        yield this.liquid.renderer.renderTemplates(templates, ctx, emitter);
        if (this.params) ctx.pop();
      }
    };
  }

  /**
   * A plugin's tag this site's Liquid does not know: nothing (the plugin's HTML is rarely
   * text). A block's end tag is one too, so its body is rendered where it stands, however
   * other posts use the tag.
   */
  class UnknownTag extends Tag {
    render(): void {}
  }

  return { HighlightTag, urlTag, includeRelativeTag, UnknownTag };
}

/** Where an include the site does not have is read from: nowhere, as an empty file. */
const MISSING = '\0missing include';

/** The site's `_includes` as Liquid reads them, with {@link MISSING} for any file it lacks. */
const includeFiles: FS = {
  exists: async (file) => file === MISSING || fs.existsSync(file),
  existsSync: (file) => file === MISSING || fs.existsSync(file),
  readFile: async (file) => (file === MISSING ? '' : fs.promises.readFile(file, 'utf8')),
  readFileSync: (file) => (file === MISSING ? '' : fs.readFileSync(file, 'utf8')),
  resolve: (dir, file, ext) => path.resolve(dir, file + ext),
  // Never a file outside `_includes` (`{% include ../../secret %}`).
  contains: async (root, file) => includeFiles.containsSync!(root, file),
  containsSync: (root, file) => {
    if (file === MISSING) return true;
    const real = (p: string): string => (fs.existsSync(p) ? fs.realpathSync(p) : path.resolve(p));
    const rel = path.relative(real(root), real(file));
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  },
  fallback: () => MISSING,
  sep: path.sep,
  dirname: path.dirname,
};

let tags: ReturnType<typeof jekyllTags> | null = null;

const engines = new Map<string, Liquid>();

/**
 * Liquid's `date` filter as Ruby Liquid 4 has it: the input unchanged when the format is
 * empty or the input no date; a time as it is, `now`/`today` the build's, digits seconds
 * since the epoch, any other string as `Time.parse` reads it in the site's zone
 * (`"2021-03-04 05:06:07"` is 05:06 there, not in UTC); printed by Ruby's strftime.
 */
function liquidDate(input: unknown, format: unknown, timezone: string): unknown {
  const pattern = format === null || format === undefined ? '' : String(format);
  if (!pattern) return input;
  let time: number | null = null;
  if (input instanceof Date) time = input.getTime();
  else if (typeof input === 'number' && Number.isInteger(input)) time = input * 1000;
  else if (typeof input === 'string' && input) {
    const s = input.toLowerCase();
    if (s === 'now' || s === 'today') time = Date.now();
    else if (/^\d+$/.test(s)) time = Number(s) * 1000;
    else time = parseSiteDate(s, timezone, true)?.time ?? null;
  }
  return time === null || Number.isNaN(time) ? input : rubyStrftime(time, timezone, pattern);
}

function engineFor(includesDir: string, timezone: string, postsRoot: string, kramdown: KramdownOptions): Liquid {
  const key = `${timezone}\0${includesDir}\0${postsRoot}\0${JSON.stringify(kramdown)}`;
  let engine = engines.get(key);
  if (engine) return engine;
  const { Liquid: LiquidEngine, Tag, Hash } = liquidjs();
  const { HighlightTag, urlTag, includeRelativeTag } = (tags ??= jekyllTags(Tag, Hash));
  engine = new LiquidEngine({
    fs: includeFiles,
    root: [includesDir],
    partials: [includesDir],
    extname: '',
    dynamicPartials: false, // `{% include note.html %}`: Jekyll's unquoted file names
    jekyllInclude: true, // `{% include x.html who="小马" %}` and `{{ include.who }}`
    relativeReference: false,
    strictFilters: false,
    strictVariables: false,
    cache: 64,
    // Dates shown in the site's zone, as Jekyll shows its Time values (`page.date | date: "%Y年%m月%d日"`).
    timezoneOffset: timezone,
    // A post's Liquid is bounded: a loop of loops or a huge string is cut off, and the
    // post is indexed with its Liquid removed instead (withoutLiquid).
    parseLimit: 4_000_000,
    renderLimit: 1000,
    memoryLimit: 64_000_000,
  });
  const baseurl = (ctx: Context): string => String((ctx.getSync(['site', 'baseurl']) as string | undefined) ?? '').replace(/\/+$/, '');
  engine.registerTag('highlight', HighlightTag);
  engine.registerTag(
    'post_url',
    urlTag((arg, ctx) => `${baseurl(ctx)}/${arg.replace(/^\d{4}-\d{1,2}-\d{1,2}-/, '')}`),
  );
  engine.registerTag(
    'link',
    urlTag((arg, ctx) => `${baseurl(ctx)}/${arg}`),
  );
  engine.registerTag('include_relative', includeRelativeTag(postsRoot));
  engine.registerFilter('relative_url', function (this: { context: Context }, input: unknown) {
    return relativeUrl(input, baseurl(this.context));
  });
  engine.registerFilter('absolute_url', function (this: { context: Context }, input: unknown) {
    const relative = relativeUrl(input, baseurl(this.context));
    if (relative === undefined || ABSOLUTE_URL.test(relative)) return relative;
    const site = String((this.context.getSync(['site', 'url']) as string | undefined) ?? '').replace(/\/+$/, '');
    return site ? `${site}${relative || '/'}` : relative;
  });
  // Markdown to HTML, as Jekyll's filter does with the site's converter.
  engine.registerFilter('markdownify', (input: unknown) => renderMarkdown(String(input ?? ''), kramdown));
  engine.registerFilter('smartify', (input: unknown) => kramdownTypography(String(input ?? '')));
  // Ruby Liquid's `date`: Ruby's strftime, in the site's zone, of a time or of what `Utils.to_date` reads.
  engine.registerFilter('date', (input: unknown, format: unknown) => liquidDate(input, format, timezone));
  for (const [name, filter] of Object.entries(JEKYLL_FILTERS)) engine.registerFilter(name, filter);
  engines.set(key, engine);
  return engine;
}

/** A URL with a scheme (`https:`, `mailto:`), which Jekyll's URL filters leave as it is. */
const ABSOLUTE_URL = /^[a-z][a-z\d+.-]*:/i;

/**
 * Jekyll's `relative_url` (filters/url_filters.rb): nothing for nil (`page.previous.url`
 * of the first post), a URL with a scheme as it is, else the base URL and the input, each
 * given a leading slash unless empty (`""` is the base URL itself, not `/`).
 */
function relativeUrl(input: unknown, baseurl: string): string | undefined {
  if (input === null || input === undefined) return undefined;
  const url = typeof input === 'object' && 'url' in input ? (input as { url: unknown }).url : input;
  const s = String(url ?? '');
  if (ABSOLUTE_URL.test(s)) return s;
  const lead = (part: string): string => (part === '' || part.startsWith('/') ? part : `/${part}`);
  return lead(baseurl) + lead(s);
}

/**
 * A template's text with its Liquid removed: what is left when Liquid cannot run it.
 * Comments go, raw blocks keep their content, other tags and outputs go. One pass: an
 * unclosed `{{` or `{%` ends the scan (nothing after it can close), so it stays linear.
 */
export function withoutLiquid(source: string): string {
  let out = '';
  let at = 0;
  let skipTo: RegExp | null = null; // inside {% comment %}: until {% endcomment %}
  while (at < source.length) {
    const open = source.slice(at).search(/\{[{%]/);
    if (open < 0) break;
    const start = at + open;
    const isTag = source[start + 1] === '%';
    const end = source.indexOf(isTag ? '%}' : '}}', start + 2);
    if (end < 0) break;
    if (!skipTo) out += source.slice(at, start);
    const inner = source
      .slice(start + 2, end)
      .replace(/^-|-$/g, '')
      .trim();
    at = end + 2;
    if (skipTo) {
      if (skipTo.test(inner)) skipTo = null;
    } else if (isTag && /^comment\b/.test(inner)) skipTo = /^endcomment\b/;
    else if (isTag && /^raw\b/.test(inner)) {
      const close = /\{%-?\s*endraw\s*-?%\}/g;
      close.lastIndex = at;
      const m = close.exec(source);
      out += source.slice(at, m ? m.index : source.length);
      at = m ? m.index + m[0].length : source.length;
    }
  }
  return skipTo ? out : out + source.slice(at);
}

/** True when a text has Liquid in it (Jekyll's `has_liquid_construct?`). */
export function hasLiquid(source: string): boolean {
  return source.includes('{%') || source.includes('{{');
}

/** How many tags a post may use that no one defined (each costs its post one more parse). */
const UNKNOWN_TAGS_TRIED = 8;

/**
 * Renders a post's Liquid; `siteRoot` holds `_includes`, dates are shown in `timezone`
 * (IANA), `collectionsDir` holds `_posts` (what `page.path` starts from), `markdownify`
 * renders with the site's `kramdown` options. Never throws.
 */
export function renderLiquid(
  source: string,
  scope: LiquidScope,
  siteRoot: string,
  timezone = 'UTC',
  collectionsDir = '',
  kramdown: KramdownOptions = {},
): { text: string; error?: string } {
  try {
    const engine = engineFor(path.join(siteRoot, '_includes'), timezone, path.join(siteRoot, collectionsDir), kramdown);
    // A tag no one defined is defined as a plugin's would be (above), and the post tried again.
    for (let tries = 0; ; tries++) {
      try {
        return { text: engine.parseAndRenderSync(source, scope) as string };
      } catch (err) {
        const unknown = /^tag "([\w-]+)" not found/.exec((err as Error).message)?.[1];
        if (!unknown || tries >= UNKNOWN_TAGS_TRIED) throw err;
        engine.registerTag(unknown, tags!.UnknownTag);
      }
    }
  } catch (err) {
    return { text: withoutLiquid(source), error: (err as Error).message.split('\n')[0] };
  }
}
