/**
 * Jekyll's `Excerpt#extract_excerpt`: what a post's excerpt is made of, before its Liquid
 * and Markdown run (site-posts.ts renders it for `{{ post.excerpt }}`).
 */

/** Liquid's block tags, whose end tag an excerpt that cuts one open gets (Jekyll's `liquid_block?`). */
const BLOCK_TAGS = new Set(['if', 'unless', 'for', 'case', 'capture', 'comment', 'raw', 'tablerow', 'highlight']);

/** A Liquid tag's name (`LIQUID_TAG_REGEX`). */
const LIQUID_TAG = /\{%-?\s*(\w+)\s*[\s\S]*?-?%\}/g;

/** A link reference definition (`MKDWN_LINK_REF_REGEX`). */
const LINK_DEFINITION = /^ {0,3}(\[[^\]]+\])(:.+)$/gm;

/**
 * The source of the excerpt of a post whose content (below its front matter) is `body`:
 * what comes before the first `separator`, the whole body when there is none; with an end
 * tag for each Liquid block left open (`sanctify_liquid_tags`), and the link definitions
 * after it that it refers to.
 */
export function excerptSource(body: string, separator: string): string {
  const at = body.indexOf(separator);
  if (at < 0 || at + separator.length === body.length) return at < 0 ? body : body.slice(0, at);
  let head = body.slice(0, at);
  const tail = body.slice(at + separator.length);
  if (head.includes('{%')) {
    const names = [...head.matchAll(LIQUID_TAG)].map((m) => m[1]!);
    for (const name of names.reverse()) {
      if (!BLOCK_TAGS.has(name)) continue;
      if (new RegExp(`\\{%-?\\s*end${name}[\\s\\S]*?\\s*-?%\\}`).test(head)) continue;
      head += `\n{% end${name} %}`;
    }
  }
  const definitions = [...tail.matchAll(LINK_DEFINITION)].filter((m) => head.includes(m[1]!)).map((m) => m[1]! + m[2]!);
  return definitions.length === 0 ? head : `${head}\n\n${definitions.join('\n')}`;
}
