/**
 * kramdown's typography in a post's text (never in code): smart quotes by its own rules
 * (parser/kramdown/smart_quotes.rb), `...` → …, `---` → —, `--` → –, `<<` → «, `>>` → ».
 */
import type { StateCore, StateInline, Token } from 'markdown-it';

/**
 * A token of text typography leaves as typed, read by a kramdown parser of its own: an
 * escaped character, an entity before a quote, an emphasis delimiter that opened nothing.
 * Not a text, so no quote in it is curled and a quote right after it is looked at from
 * itself (`'*'` is `‘*‘`, as kramdown's smart quotes scan from the quote when the
 * character before was another parser's); its markup is the source a quote before it
 * looks ahead at.
 */
export const AS_TYPED = 'kramdown_as_typed';

/** Whether a straight quote is at `pos`. */
export const quoteAt = (src: string, pos: number): boolean => src[pos] === '"' || src[pos] === "'";

type InlineRule = (state: StateInline, silent: boolean) => boolean;

/**
 * markdown-it's `escape` or `entity` rule, the character it reads left as typed
 * ({@link AS_TYPED}) where a quote follows it or `keep` says so. A backslash before a
 * character nothing escapes (`'\t'`) stays text, kramdown's as well.
 */
export function typedCharacter(rule: InlineRule, keep: (c: string) => boolean = () => false): InlineRule {
  return (state, silent) => {
    const before = state.tokens.length;
    if (!rule(state, silent)) return false;
    const token = state.tokens[state.tokens.length - 1];
    if (
      !silent &&
      state.tokens.length > before &&
      token?.type === 'text_special' &&
      token.content !== token.markup &&
      (keep(token.content) || quoteAt(state.src, state.pos))
    )
      token.type = AS_TYPED;
    return true;
  };
}

const PUNCT = `[!"#$%'()*+,\\-./:;<=>?@\\[\\\\\\]^_\`{|}~]`;
/**
 * Ruby's regular expressions, which kramdown's rules are: `\s` is ASCII whitespace (not
 * U+3000), `\w` ASCII, but `\b` and `\B` see any letter as a word character (a Han
 * character too). NO_WORD_NEXT is `\B` after a non-word character.
 */
const NO_WORD_NEXT = '(?![\\p{L}\\p{N}_])';
/** kramdown's smart-quote rules (parser/kramdown/smart_quotes.rb), tried in order at the character before a quote. */
const QUOTE_RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/("|')(?=[_*]{1,2}[^ \t\r\n\f\v])/y, (m) => (m[1] === '"' ? '“' : '‘')],
  [new RegExp(`("|')(?=${PUNCT}(?!\\.\\.)${NO_WORD_NEXT})`, 'uy'), (m) => (m[1] === '"' ? '”' : '’')],
  [/([ \t\r\n\f\v]?)"'(?=\w)/y, (m) => `${m[1]}“‘`],
  [/([ \t\r\n\f\v]?)'"(?=\w)/y, (m) => `${m[1]}‘“`],
  [/([ \t\r\n\f\v]?)'(?=\d\ds)/y, (m) => `${m[1]}’`],
  [/([ \t\r\n\f\v])('|")(?=\w)/y, (m) => `${m[1]}${m[2] === '"' ? '“' : '‘'}`],
  [/([^ \\\t\r\n[{(-])('|")/uy, (m) => `${m[1]}${m[2] === '"' ? '”' : '’'}`],
  [new RegExp(`("|')(?=[ \\t\\r\\n\\f\\v]|s${NO_WORD_NEXT}|$)`, 'uy'), (m) => (m[1] === '"' ? '”' : '’')],
  [/(.?)'/suy, (m) => `${m[1]}‘`],
  [/(.?)"/suy, (m) => `${m[1]}“`],
];

/** An emphasis or strikethrough token's markup. */
const EMPHASIS_MARKS = /^(?:\*{1,2}|_{1,2}|~~)$/;

/**
 * What the source holds right after an inline token ends a text: a quote's rules look
 * past the text (`''<br>` curls as `’‘`, kramdown seeing the `<`; at the text's end `’’`).
 */
function sourceAfter(children: Token[], k: number): string {
  const next = children[k];
  if (!next) return '';
  if (next.type === 'html_inline') return next.content.slice(0, 2);
  if (next.type === 'softbreak' || next.type === 'hardbreak') return '\n';
  // Text left as typed, or an emphasis or strikethrough delimiter, goes on in the text after
  // it (`'*' 匹配`, `"*"…*`: the rules see `*'`, `*"`).
  if (next.type === AS_TYPED || EMPHASIS_MARKS.test(next.markup)) {
    let source = '';
    let j = k;
    for (; j < children.length && (children[j]!.type === AS_TYPED || EMPHASIS_MARKS.test(children[j]!.markup)); j++)
      source += children[j]!.markup;
    if (children[j]?.type === 'text') source += children[j]!.content;
    return source.slice(0, 3);
  }
  return next.markup.slice(0, 2);
}

/** A footnote marker at the end of a text (`脚注[^n0]`). */
const FOOTNOTE_MARKER_END = /\[\^[^\]\s]+\]$/;

/**
 * Whether kramdown reads what ends right before `at` by a parser of its own, so that it
 * looks at a quote there from the quote: `[`, a footnote marker, backticks, or a
 * typographic symbol (a run of dashes, dots or angle brackets read as `---`, `--`, `...`,
 * `<<` or `>>` left to right ends with one unless one is left over: `«书名»"中文"` opens
 * its quote).
 */
function afterSymbol(text: string, at: number): boolean {
  const c = text[at - 1];
  // `[` starts a link to kramdown, which reads it first whether one follows or not; a
  // footnote marker with no footnote (`[^n0]`) is read whole, and stays as typed; so is a
  // run of backticks that opens no code span.
  if (c === '[' || c === '`' || (c === ']' && FOOTNOTE_MARKER_END.test(text.slice(0, at)))) return true;
  if (c !== '-' && c !== '.' && c !== '<' && c !== '>') return false;
  let k = at - 1;
  while (k > 0 && text[k - 1] === c) k--;
  const run = at - k;
  if (c === '<' || c === '>') return run % 2 === 0;
  return c === '-' ? run >= 2 && run % 3 !== 1 : run % 3 === 0;
}

/**
 * A text's straight quotes curled as kramdown curls them; `after`: the source that
 * follows the text (its rules look ahead), not itself curled.
 */
export function kramdownQuotes(text: string, after = ''): string {
  // Each rule puts one character for each it reads: the text's part of the curled whole is its own.
  if (after) return kramdownQuotes(text + after).slice(0, text.length);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const q = text.indexOf('"', i);
    const s = text.indexOf("'", i);
    const at = q < 0 ? s : s < 0 ? q : Math.min(q, s);
    if (at < 0) break;
    if (text[at - 1] === '\\') {
      out += text.slice(i, at + 1);
      i = at + 1;
      continue;
    }
    // The scan starts at the character before the quote, when there is one not yet written
    // and no typographic symbol ends there (`--"`: kramdown reads the dashes first).
    let from = at > i && !afterSymbol(text, at) ? at - 1 : at;
    // The whole character, when it is one of two UTF-16 units (`𝑥"`): the rules read code
    // points, and from its second unit one matched from its first, one unit too long.
    if (from < at && from > i && text.codePointAt(from - 1)! > 0xffff) from--;
    out += text.slice(i, from);
    let done = false;
    for (const [re, put] of QUOTE_RULES) {
      re.lastIndex = from;
      const m = re.exec(text);
      if (!m) continue;
      out += put(m);
      i = from + m[0].length;
      done = true;
      break;
    }
    if (!done) {
      out += text[from];
      i = from + 1;
    }
  }
  return out + text.slice(i);
}

/** The typography of every text of the post (a markdown-it core rule). */
export function typography(state: StateCore): void {
  for (const t of state.tokens) {
    if (t.type !== 'inline' || !t.children) continue;
    const children = t.children;
    // An autolink's text is its address as typed.
    let inAutolink = false;
    for (let k = 0; k < children.length; k++) {
      const c = children[k]!;
      if (c.type === 'link_open' || c.type === 'link_close') inAutolink = c.type === 'link_open' && c.markup === 'autolink';
      else if (c.type === 'text' && !inAutolink) c.content = kramdownTypography(c.content, sourceAfter(children, k + 1));
    }
  }
}

/**
 * A text's quotes curled and its typographic symbols made, as kramdown makes them;
 * `after`: the source that follows it (see {@link kramdownQuotes}). Alone, what Jekyll's
 * `smartify` filter gives (kramdown's SmartyPants parser).
 */
export function kramdownTypography(text: string, after = ''): string {
  return (
    kramdownQuotes(text, after)
      .replace(/\.\.\./g, '…')
      // Left to right, the longer first (kramdown's TYPOGRAPHIC_SYMS): `-----` is `—–`.
      .replace(/---?/g, (d) => (d.length === 3 ? '—' : '–'))
      .replace(/<</g, '«')
      .replace(/>>/g, '»')
  );
}
