/**
 * Emphasis as kramdown parses it (parser/kramdown/emphasis.rb), in place of CommonMark's
 * delimiter runs. A `*`, `**`, `_` or `__` opens unless white space follows it (Ruby's
 * `\s`: not U+3000), a `_` also unless a letter comes before it (`snake_case`), and no
 * element of its kind is open around it. It closes at the first same delimiter, after
 * some content, not after white space, for `*` not at a `**` (but at `***`), for `_` not
 * before a letter or digit. What CommonMark's flanking rules refuse kramdown takes:
 * `**1.**IDEA` and `node*(gmond)*；` are emphasis, `*_之_*` keeps its underscores,
 * `**甲，****乙**` is two strong runs. A `**` that finds no closer tries `*` from its second
 * character, the first dropped, as kramdown does; else it is text. An HTML element it
 * parses (`<span>`) is read whole on the way, so a delimiter inside it closes nothing
 * opened before it (`$x*$所有<span>梯度$h(x^*)$</span>` is no emphasis).
 */
import type { StateInline } from 'markdown-it';
import { endTagAfter, isAutolinkAt, spanHtmlAt, type SpanHtml } from './html.js';
import { isRubySpace } from './ruby.js';
import { AS_TYPED, quoteAt } from './typography.js';

type Kind = 'em' | 'strong';
/** What is open around the text being read: emphasis, or an HTML element kramdown parses (`<span>`), read silently for where it ends. */
type Open = Kind | 'html';

/** What comes before a `_` that cannot open: a letter, or a letter and `-` (`[[:alpha:]]-?[[:alpha:]]*\z`). */
const LETTER_BEFORE = /[\p{L}\p{M}]-?$/u;
/** Ruby's `[[:alnum:]]`, after a `_` that cannot close. */
const LETTER_OR_DIGIT = /^[\p{L}\p{M}\p{Nd}]/u;

/** Where a markdown-it inline token other than text may start (an escape, code, a link, a tag, an entity, math, emphasis). */
const TOKEN_START = /[\\`[!<&$~*_^]/g;

/**
 * What one inline parse knows beyond markdown-it's state: the emphasis open around the
 * text being read (kramdown's `@stack`) and, for each set of them, the cache of where a
 * token read silently ends (markdown-it's `state.cache`, which the open set changes: under
 * an `*` another `*` is text) and where a closer search from a position ends.
 */
interface Context {
  open: Open[];
  /** How many link texts are being read around the text (markdown-it's parseLinkLabel): in one, a `[` starts no link. */
  inLabel: number;
  caches: Map<string, Record<number, number>>;
  closers: Map<string, Map<number, number>>;
}

const contexts = new WeakMap<StateInline, Context>();

function contextOf(state: StateInline): Context {
  let context = contexts.get(state);
  if (!context) {
    context = { open: [], inLabel: 0, caches: new Map([['', state.cache]]), closers: new Map() };
    contexts.set(state, context);
  }
  return context;
}

/** The set of open elements, and whether a link's text is being read: what a token read silently depends on. */
const readingKey = (context: Context): string => `${context.inLabel > 0 ? 'label:' : ''}${context.open.join(' ')}`;

/** Runs `read` under the token cache of the context as `change` leaves it (undone after). */
function withCacheOf<T>(state: StateInline, context: Context, change: () => void, undo: () => void, read: () => T): T {
  const cache = state.cache;
  change();
  const key = readingKey(context);
  let inner = context.caches.get(key);
  if (!inner) context.caches.set(key, (inner = {}));
  state.cache = inner;
  try {
    return read();
  } finally {
    undo();
    state.cache = cache;
  }
}

/** Runs `read` with `kind` open, under the token cache of that set of open elements. */
function withOpen<T>(state: StateInline, context: Context, kind: Open, read: () => T): T {
  return withCacheOf(
    state,
    context,
    () => context.open.push(kind),
    () => context.open.pop(),
    read,
  );
}

/**
 * Runs `read` (markdown-it's parseLinkLabel) as kramdown's parse_link reads a link's text:
 * in it no link starts (a `[` is text), so emphasis opened in it closes where it would
 * past its `]` (`[A*寻路](u1)和[A*优化](u2)` is one link to kramdown, to `u2`).
 */
export function readingLinkText<T>(state: StateInline, read: () => T): T {
  const context = contextOf(state);
  return withCacheOf(
    state,
    context,
    () => context.inLabel++,
    () => context.inLabel--,
    read,
  );
}

/**
 * Where the closing `delim` of an element of `kind` opened before `from` is, or -1: the
 * source read token by token from `from` (code spans, links, tags and inner emphasis
 * skipped whole), as kramdown's parse_spans reads it, stopping at the first closer.
 * Searches that pass the same position end alike, so a failed search's positions are kept.
 */
function findCloser(state: StateInline, context: Context, from: number, delim: string, kind: Kind): number {
  const src = state.src;
  const max = state.posMax;
  const type = delim[0]!;
  const known = `${readingKey(context)}|${kind}|${delim}|${max}`;
  let answers = context.closers.get(known);
  if (!answers) context.closers.set(known, (answers = new Map()));
  const passed: number[] = [];
  const saved = state.pos;
  let found = -1;
  withOpen(state, context, kind, () => {
    let pos = from;
    while (pos < max) {
      const answer = pos > from ? answers.get(pos) : undefined;
      if (answer !== undefined) {
        found = answer;
        return;
      }
      if (pos > from) passed.push(pos);
      if (
        pos > from &&
        src.startsWith(delim, pos) &&
        !isRubySpace(src.charCodeAt(pos - 1)) &&
        (kind !== 'em' || !src.startsWith(type + type, pos) || src[pos + 2] === type) &&
        (type !== '_' || !LETTER_OR_DIGIT.test(src.slice(pos + delim.length, pos + delim.length + 2)))
      ) {
        found = pos;
        return;
      }
      // Up to the next `*` (or `_`) through plain text at once: no token starts before it.
      const next = src.indexOf(type, pos + 1);
      if (next < 0 || next >= max) return;
      TOKEN_START.lastIndex = pos;
      const token = TOKEN_START.exec(src);
      // An element kramdown parses (`<span>`, `<a>`) is read with its content up to its
      // end tag (to the paragraph's end without one), and a closer in it is its content's.
      const element = token?.index === pos && src.charCodeAt(pos) === 0x3c && !isAutolinkAt(src, pos) ? spanHtmlAt(src, pos) : null;
      if (element?.kind === 'element') {
        const end = elementEnd(state, context, element, max);
        if (end > max) return;
        pos = end;
      } else if (context.inLabel > 0 && token?.index === pos && src.charCodeAt(pos) === 0x5b) {
        pos++;
      } else if (token && token.index === pos) {
        state.pos = pos;
        state.md.inline.skipToken(state);
        pos = state.pos;
      } else pos = token && token.index < next ? token.index : next;
    }
  });
  state.pos = saved;
  // Only a search that fails is kept: one that succeeds makes an element, and the text after
  // it is read from its closer on, where unclosed delimiters would each search to the end.
  if (found < 0) for (const p of passed) answers.set(p, found);
  return found;
}

/**
 * Where an HTML element kramdown parses (`<span>`, its content up to its end tag) ends,
 * its content read as kramdown's parse_spans reads it, the element its parent (so a `**`
 * in it that finds no closer tries `*` even inside an `*`): an emphasis opened in it that
 * runs past its end tag makes that tag text, and the element goes on to its next end tag,
 * or past `max` (`*甲 <span>乙**</span> 丙*`: the `*` from the second character of `**`
 * closes after 丙, and the outer `*` finds no closer).
 */
function elementEnd(state: StateInline, context: Context, element: SpanHtml, max: number): number {
  if (element.kind !== 'element' || element.name === undefined || element.endTag! >= max) return element.end;
  const src = state.src;
  const name = element.name;
  let endTag = element.endTag!;
  let end = element.end;
  const saved = state.pos;
  withOpen(state, context, 'html', () => {
    let pos = element.content!;
    while (pos < endTag) {
      TOKEN_START.lastIndex = pos;
      const token = TOKEN_START.exec(src);
      if (!token || token.index >= endTag) return;
      state.pos = token.index;
      state.md.inline.skipToken(state);
      pos = Math.max(state.pos, token.index + 1);
      if (pos > endTag) {
        // An emphasis ran past the end tag: the tag was its text; the element goes on.
        const next = endTagAfter(src, name, pos);
        if (!next || next.index >= max) {
          end = max + 1;
          return;
        }
        endTag = next.index;
        end = next.index + next[0].length;
      }
    }
  });
  state.pos = saved;
  return end;
}

/** The element from `start` (its delimiter `delim`) to `close`, its content read as inline Markdown. */
function pushElement(state: StateInline, context: Context, kind: Kind, delim: string, contentStart: number, close: number): void {
  const open = state.push(`${kind}_open`, kind, 1);
  open.markup = delim;
  const max = state.posMax;
  state.pos = contentStart;
  state.posMax = close;
  withOpen(state, context, kind, () => state.md.inline.tokenize(state));
  state.posMax = max;
  const end = state.push(`${kind}_close`, kind, -1);
  end.markup = delim;
  state.pos = close + delim.length;
}

/** A delimiter that opens nothing: text, and before a quote text typography leaves alone (kramdown looks at the quote from itself). */
function delimiterAsText(state: StateInline, silent: boolean, delim: string): boolean {
  const end = state.pos + delim.length;
  if (!silent) {
    if (quoteAt(state.src, end)) {
      const token = state.push(AS_TYPED, '', 0);
      token.content = token.markup = delim;
    } else state.pending += delim;
  }
  state.pos = end;
  return true;
}

/** kramdown's emphasis, a markdown-it inline rule in place of `emphasis`. */
export function kramdownEmphasis(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  const marker = src.charCodeAt(start);
  if (marker !== 0x2a && marker !== 0x5f) return false;
  const type = src[start]!;
  const length = start + 1 < state.posMax && src.charCodeAt(start + 1) === marker ? 2 : 1;
  const delim = type.repeat(length);
  const kind: Kind = length === 2 ? 'strong' : 'em';
  const context = contextOf(state);
  if (
    (type === '_' && LETTER_BEFORE.test(src.slice(Math.max(0, start - 3), start))) ||
    isRubySpace(src.charCodeAt(start + length)) ||
    context.open.includes(kind)
  )
    return delimiterAsText(state, silent, delim);
  const close = findCloser(state, context, start + length, delim, kind);
  if (close >= 0) {
    if (silent) state.pos = close + length;
    else pushElement(state, context, kind, delim, start + length, close);
    return true;
  }
  // An unclosed `**` is tried as `*` from its second character, inside no `*`: that
  // character is the em's first text (`*` inside an em), the first is dropped.
  if (kind === 'strong' && context.open[context.open.length - 1] !== 'em') {
    const closeEm = findCloser(state, context, start + 1, type, 'em');
    if (closeEm >= 0) {
      if (silent) state.pos = closeEm + 1;
      else pushElement(state, context, 'em', type, start + 1, closeEm);
      return true;
    }
  }
  return delimiterAsText(state, silent, delim);
}
