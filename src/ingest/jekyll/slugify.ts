/** Jekyll's `Utils.slugify` and `titleize_slug` (Jekyll 4.3), for URLs and titles made from file names. */

/** Jekyll's slug modes; `none` (or an unknown mode) only lower-cases. */
export type SlugMode = 'raw' | 'default' | 'pretty' | 'ascii' | 'none';

const REPLACED: Record<Exclude<SlugMode, 'none'>, RegExp> = {
  raw: /\s+/gu,
  default: /[^\p{M}\p{L}\p{Nd}]+/gu,
  // "._~!$&'()+,;=@" read well in a URL and are allowed in file names.
  pretty: /[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+/gu,
  ascii: /[^A-Za-z0-9]+/g,
};

/** `Utils.slugify(string, mode:, cased:)`: runs of other characters become one `-`, an edge `-` is dropped. */
export function slugify(text: string, mode: SlugMode = 'default', cased = false): string {
  if (mode === 'none') return cased ? text : text.toLowerCase();
  const slug = text.replace(REPLACED[mode], '-').replace(/^-|-$/g, '');
  return cased ? slug : slug.toLowerCase();
}

/** Ruby's `String#capitalize`: the first character upper case, the rest lower case. */
function capitalize(word: string): string {
  const [first = '', ...rest] = [...word];
  return first.toUpperCase() + rest.join('').toLowerCase();
}

/** `Utils.titleize_slug`: the title Jekyll gives a post without one (`hello-world` → `Hello World`). */
export function titleizeSlug(slug: string): string {
  return slug.split('-').map(capitalize).join(' ');
}
