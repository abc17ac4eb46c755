/**
 * Latin spelling variants: `TailwindCSS` also matches `Tailwind CSS` and `tailwind-css`,
 * and `Web Assembly` also `WebAssembly`, when the index knows the parts (or the joined
 * word) as words; a name and its version likewise (`gpt4`, `gpt 4`, `gpt-4`).
 */
import { makeUnit, type Unit } from '../match.js';
import { singleUnit as single, type Requirement } from '../query-plan.js';
import type { DocumentFrequency } from './information.js';

/** A Latin word as the normaliser leaves it. */
export const LATIN = /^[a-z][a-z0-9]*$/;

/**
 * Positions of the Latin words that {@link latinVariants} would join with their neighbour
 * (`vs` `code` → `vscode`), one of the two at least not of `little` information.
 */
export function joinedPairs(required: Requirement[], df: DocumentFrequency, little: (r: Requirement) => boolean): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + 1 < required.length; i++) {
    const a = single(required[i]!);
    const b = single(required[i + 1]!);
    if (!a || !b || !joinable(a, b) || (little(required[i]!) && little(required[i + 1]!))) continue;
    if (joinedForms(a, b, df).length > 0) out.add(i).add(i + 1);
  }
  return out;
}

/**
 * The forms the index knows of two Latin words as one: joined (`web assembly`:
 * `webassembly`) and, for a name's ending, dotted (`next js`: `next.js`, see {@link DOTTED_TAILS}).
 */
function joinedForms(a: Unit, b: Unit, df: DocumentFrequency): Unit[] {
  const joined = makeUnit(a.text + b.text);
  const dotted = DOTTED_TAILS.has(b.text) ? makeUnit(`${a.text}.${b.text}`) : null;
  return [joined, ...(dotted ? [dotted] : [])].filter((u) => df(u) > 0);
}

/** A Latin word and the word or number after it, which may be one word written apart (`web assembly`, `gpt 4`). */
function joinable(a: Unit, b: Unit): boolean {
  return a.bounded && b.bounded && LATIN.test(a.text) && (LATIN.test(b.text) || VERSION.test(b.text));
}

/**
 * Adds joined (`web assembly` → `webassembly`, `gpt 4` → `gpt4`, `next js` → `nextjs`,
 * `next.js`) and split (`tailwindcss` → `tailwind css`, `gpt4` → `gpt 4`, `gpt-4`;
 * `nodejs` → `node.js`) forms the index knows.
 */
export function latinVariants(required: Requirement[], df: DocumentFrequency, added: Unit[]): Requirement[] {
  const out: Requirement[] = [];
  for (let i = 0; i < required.length; i++) {
    const a = single(required[i]!);
    const b = i + 1 < required.length ? single(required[i + 1]!) : null;
    // A word and the word or number after it (`GPT-4` is cut as gpt and 4).
    const version = !!b && VERSION.test(b.text);
    if (a && b && joinable(a, b)) {
      const forms = joinedForms(a, b, df);
      if (forms.length > 0) {
        out.push([[a, b], ...forms.map((u) => [u])]);
        // A version written otherwise is found, and ranks after the spelling typed.
        if (!version) added.push(...forms, makeUnit(`${a.text} ${b.text}`));
        i++;
        continue;
      }
    }
    if (a?.bounded && LATIN.test(a.text)) {
      const numbered = numberedSplit(a.text, df);
      // A short word splits only where the index knows it dotted (`vuejs`: `vue.js`).
      const split = numbered ?? (a.text.length >= 4 ? bestSplit(a.text, df, a.text.length < 6) : null);
      if (split) {
        const spaced = makeUnit(`${split[0]} ${split[1]}`);
        const hyphened = makeUnit(`${split[0]}-${split[1]}`);
        // A name written with a dot (`node.js` for `nodejs`), where the index knows it so.
        const dotted = makeUnit(`${split[0]}.${split[1]}`);
        const withDot = !numbered && DOTTED_TAILS.has(split[1]) && df(dotted) > 0;
        out.push(withDot ? [[a], [spaced], [hyphened], [dotted]] : [[a], [spaced], [hyphened]]);
        if (!numbered) added.push(spaced, hyphened, ...(withDot ? [dotted] : []));
        continue;
      }
    }
    out.push(required[i]!);
  }
  return out;
}

/** A version: a number, and letters after it (`4`, `11`, `4o`). */
const VERSION = /^[0-9][a-z0-9]*$/;
/** Letters then a version (`gpt4`, `win11`, `python3`, `gpt4o`, `utf8`): a name and its version. */
const NUMBERED = /^([a-z]{2,})([0-9][a-z0-9]*)$/;

/** A name and its version written together (`gpt4`) split where the number starts, when the index knows it apart (`gpt 4`, `gpt-4`). */
function numberedSplit(word: string, df: DocumentFrequency): [string, string] | null {
  const m = NUMBERED.exec(word);
  if (!m) return null;
  const [, name, version] = m;
  return df(makeUnit(`${name} ${version}`)) > 0 || df(makeUnit(`${name}-${version}`)) > 0 ? [name!, version!] : null;
}

/**
 * What names end with after a dot (`node.js`, `vue.js`, `socket.io`). The index's count
 * of a dotted name is the posts with both its words anywhere (`red.is` for `redis`), not
 * with the name: only these endings are read as one.
 */
const DOTTED_TAILS = new Set(['js', 'io']);

/**
 * The split of a Latin word into two words the index knows written apart or with a dot
 * (`node.js`; with `dottedOnly`, only so), the more common the parts the better; the
 * first may be of two letters (`aiagent`: `ai agent`, `uikit`).
 */
function bestSplit(word: string, df: DocumentFrequency, dottedOnly = false): [string, string] | null {
  let best: [string, string] | null = null;
  let bestScore = 0;
  for (let i = 2; i <= word.length - 2; i++) {
    const left = word.slice(0, i);
    const right = word.slice(i);
    const together = (dottedOnly ? 0 : df(makeUnit(`${left} ${right}`))) + (DOTTED_TAILS.has(right) ? df(makeUnit(`${left}.${right}`)) : 0);
    if (together === 0) continue;
    const score = Math.min(df(makeUnit(left)), df(makeUnit(right))) + together;
    if (score > bestScore) {
      best = [left, right];
      bestScore = score;
    }
  }
  return best;
}

/** A Latin spelling without its spaces, hyphens and dots (`tailwind css`, `tailwind-css`: `tailwindcss`; `node.js`): one key for a word's spellings. */
export function compact(text: string): string {
  return text.replace(/[ .-]/g, '');
}

/** At most this many other spellings of a query are looked for verbatim. */
const MOST_SPELLINGS = 6;

/**
 * The query as typed spelt otherwise: its whole text with a Latin word replaced by a
 * spelling variant {@link latinVariants} added (`tailwindcss入门` → `tailwind css入门`,
 * `tailwind-css入门`; `web assembly` → `webassembly`), and its Latin words hyphenated
 * written apart or the other way round. A post with one of them verbatim has the query
 * as much as one with the spelling typed: its title holding one is a title holding the
 * query. Synonyms are not spellings: they are not taken.
 */
export function otherSpellings(whole: Unit, required: readonly Requirement[]): Unit[] {
  let texts = [whole.text];
  for (const req of required) {
    if (req.length < 2) continue;
    // The alternatives as they may be written: a word as it is, words apart or hyphenated;
    // the spelling typed is the one the whole text holds.
    const spelt = [
      ...new Set(
        req.flatMap((alt) => (alt.length === 1 ? [alt[0]!.text] : [alt.map((u) => u.text).join(' '), alt.map((u) => u.text).join('-')])),
      ),
    ];
    const typed = spelt.find((t) => whole.text.includes(t));
    if (!typed) continue;
    const others = spelt.filter((t) => t !== typed && compact(t) === compact(typed) && LATIN_SPELLING.test(t));
    if (others.length === 0) continue;
    texts = texts.flatMap((text) => [text, ...others.map((o) => text.replace(typed, o))]).slice(0, MOST_SPELLINGS + 1);
  }
  // Latin words hyphenated are the same words written apart, and the other way round
  // (`stable-diffusion`, `stable diffusion`), whether or not the index knows them joined.
  for (const swapped of [whole.text.replace(HYPHENATED, '$1 '), whole.text.replace(APART, '$1-')]) {
    if (texts.length <= MOST_SPELLINGS && !texts.includes(swapped)) texts.push(swapped);
  }
  return texts.slice(1).map(makeUnit);
}

/** A hyphen between two Latin letters or digits. */
const HYPHENATED = /([a-z0-9])-(?=[a-z0-9])/g;
/** A space between two Latin letters or digits. */
const APART = /([a-z0-9]) (?=[a-z0-9])/g;

/** Latin letters and digits, spaces, hyphens and dots only. */
const LATIN_SPELLING = /^[a-z0-9][a-z0-9 .-]*$/;
