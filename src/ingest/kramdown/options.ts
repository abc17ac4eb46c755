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
}

/** The site's kramdown options, from its configuration's `kramdown` hash (Ruby's truth: any value but false and nil). */
export function kramdownOptions(config: Record<string, unknown>): KramdownOptions {
  const kramdown = config.kramdown;
  if (!kramdown || typeof kramdown !== 'object') return {};
  const parse = (kramdown as Record<string, unknown>).parse_block_html;
  return parse === undefined || parse === null || parse === false ? {} : { parseBlockHtml: true };
}
