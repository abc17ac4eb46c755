/**
 * kramdown's options a Jekyll site may set (`kramdown:` in `_config.yml`) that change the
 * text its pages show. The others (`auto_ids`, `hard_wrap`, `syntax_highlighter`…) change
 * markup or white space only.
 */
export interface KramdownOptions {
  /**
   * `parse_block_html`: the content of block HTML is read as Markdown, as if each element
   * had `markdown="1"` (a `<details>` of Markdown shows its `**粗体**` bold); elements whose
   * content kramdown reads raw (`pre`, `table`, `ul`, `script`, unknown ones) stay so, and
   * `markdown="0"` keeps an element raw. Default false.
   */
  parseBlockHtml?: boolean;
  /**
   * `footnote_backlink`: the text of a footnote's link back to its reference, as HTML:
   * entity references kept, other `&`, `<` and `>` escaped (kramdown's `escape_html` of
   * text). Chirpy sets `&#8617;&#xfe0e;`; an empty text makes no back-links. Default
   * `&#8617;` (↩).
   */
  footnoteBacklink?: string;
}

/** kramdown's default `footnote_backlink`. */
export const FOOTNOTE_BACKLINK = '&#8617;';

/** kramdown's `escape_html(text, :text)`: `&`, `<` and `>` escaped, entity references (`&amp;`, `&#8617;`, `&#xfe0e;`) kept. */
function escapeText(text: string): string {
  return text
    .replace(/&(?!(?:[A-Za-z_:][\w.:-]*|#[0-9]+|#x[0-9A-Fa-f]+);)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** The site's kramdown options, from its configuration's `kramdown` hash (Ruby's truth: any value but false and nil). */
export function kramdownOptions(config: Record<string, unknown>): KramdownOptions {
  const kramdown = config.kramdown;
  if (!kramdown || typeof kramdown !== 'object') return {};
  const given = kramdown as Record<string, unknown>;
  const parse = given.parse_block_html;
  const options: KramdownOptions = parse === undefined || parse === null || parse === false ? {} : { parseBlockHtml: true };
  // kramdown's String option takes any value as Ruby's to_s writes it: nil (`footnote_backlink:`
  // left empty) is '', which makes no back-links.
  const backlink = given.footnote_backlink;
  if (backlink === null) options.footnoteBacklink = '';
  else if (['string', 'number', 'boolean'].includes(typeof backlink)) options.footnoteBacklink = escapeText(String(backlink));
  return options;
}
