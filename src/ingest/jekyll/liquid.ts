/**
 * Liquid as Jekyll runs it on a post before Markdown (liquidjs): `{{ site.* }}` and
 * `{{ page.* }}`, `{% include %}` from the site's `_includes` with Jekyll's
 * `key="value"` parameters, `raw`, `comment`, `highlight` (with `linenos`), `post_url`
 * and `link`. A template Liquid cannot render (an unknown tag or filter from a plugin)
 * has its tags removed instead, so its text is still indexed.
 */
import path from 'node:path';
import { Liquid, Tag, type Context, type Emitter, type TagToken, type Template, type TopLevelToken } from 'liquidjs';

/** What a post's Liquid sees. */
export interface LiquidScope {
  site: Record<string, unknown>;
  page: Record<string, unknown>;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\n': '&#10;' };

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
    if (!this.linenos) {
      emitter.write(`<figure class="highlight">${pre}</figure>`);
      return;
    }
    const numbers = code
      .split('\n')
      .map((_, i) => i + 1)
      .join('&#10;');
    emitter.write(
      `<figure class="highlight"><table class="rouge-table"><tbody><tr><td class="gutter gl"><pre class="lineno">${numbers}</pre></td><td class="code">${pre}</td></tr></tbody></table></figure>`,
    );
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

const engines = new Map<string, Liquid>();

function engineFor(includesDir: string): Liquid {
  let engine = engines.get(includesDir);
  if (engine) return engine;
  engine = new Liquid({
    root: [includesDir],
    partials: [includesDir],
    extname: '',
    dynamicPartials: false, // `{% include note.html %}`: Jekyll's unquoted file names
    jekyllInclude: true, // `{% include x.html who="小马" %}` and `{{ include.who }}`
    relativeReference: false,
    strictFilters: false,
    strictVariables: false,
    cache: 64,
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
  engine.registerTag(
    'include_relative',
    urlTag(() => ''),
  );
  engine.registerFilter('relative_url', function (this: { context: Context }, input: unknown) {
    const s = String(input ?? '');
    return /^[a-z]+:|^\/\//i.test(s) ? s : `${baseurl(this.context)}/${s.replace(/^\/+/, '')}`;
  });
  engine.registerFilter('absolute_url', function (this: { context: Context }, input: unknown) {
    const s = String(input ?? '');
    const site = String((this.context.getSync(['site', 'url']) as string | undefined) ?? '').replace(/\/+$/, '');
    return /^[a-z]+:|^\/\//i.test(s) ? s : `${site}${baseurl(this.context)}/${s.replace(/^\/+/, '')}`;
  });
  engine.registerFilter('markdownify', (input: unknown) => String(input ?? ''));
  engines.set(includesDir, engine);
  return engine;
}

/** A template's text with its Liquid removed: what is left when Liquid cannot run it. */
function withoutLiquid(source: string): string {
  return source
    .replace(/\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}/g, '')
    .replace(/\{%-?\s*raw\s*-?%\}([\s\S]*?)\{%-?\s*endraw\s*-?%\}/g, '$1')
    .replace(/\{%[\s\S]*?%\}/g, '')
    .replace(/\{\{[\s\S]*?\}\}/g, '');
}

/** True when a text has Liquid in it (Jekyll's `has_liquid_construct?`). */
export function hasLiquid(source: string): boolean {
  return source.includes('{%') || source.includes('{{');
}

/** Renders a post's Liquid; `siteRoot` holds `_includes`. Never throws. */
export function renderLiquid(source: string, scope: LiquidScope, siteRoot: string): { text: string; error?: string } {
  try {
    const engine = engineFor(path.join(siteRoot, '_includes'));
    return { text: engine.parseAndRenderSync(source, scope) as string };
  } catch (err) {
    return { text: withoutLiquid(source), error: (err as Error).message.split('\n')[0] };
  }
}
