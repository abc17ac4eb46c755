/**
 * Exact matching of a normalised query unit in normalised text. A unit without Han
 * characters (a Latin word, a number, `hfo-1234yf`) matches whole words only, so `sim`
 * does not match inside `simple`; a unit with Han characters matches as a substring.
 */
import { isHan, isWordChar } from '../text/normalize.js';

/** A string to look for, with its matching rule. */
export interface Unit {
  text: string;
  /** Whole-word matching at the unit's Latin edges. */
  bounded: boolean;
}

export function makeUnit(text: string): Unit {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3000 && isHan(text.codePointAt(i)!)) return { text, bounded: false };
  }
  return { text, bounded: true };
}

function boundaryOk(text: string, start: number, end: number, unit: string): boolean {
  if (isWordChar(unit.codePointAt(0)!) && start > 0 && isWordChar(text.codePointAt(start - 1)!)) return false;
  if (isWordChar(unit.charCodeAt(unit.length - 1)) && end < text.length && isWordChar(text.codePointAt(end)!)) return false;
  return true;
}

/** True when `text` contains the unit under its rule. */
export function contains(text: string, unit: Unit): boolean {
  if (!unit.bounded) return text.includes(unit.text);
  for (let at = text.indexOf(unit.text); at >= 0; at = text.indexOf(unit.text, at + 1)) {
    if (boundaryOk(text, at, at + unit.text.length, unit.text)) return true;
  }
  return false;
}

/** Start offsets of every match of the unit in `text` (overlapping matches included). */
export function occurrences(text: string, unit: Unit, max = Infinity): number[] {
  const out: number[] = [];
  if (!unit.text) return out;
  for (let at = text.indexOf(unit.text); at >= 0 && out.length < max; at = text.indexOf(unit.text, at + 1)) {
    if (!unit.bounded || boundaryOk(text, at, at + unit.text.length, unit.text)) out.push(at);
  }
  return out;
}

/**
 * {@link occurrences} written into `out` from `from` on, at most `max` (out must have room
 * for them): for callers that keep matches in typed arrays of their own. Returns how many.
 */
export function occurrencesInto(text: string, unit: Unit, max: number, out: Int32Array, from: number): number {
  let n = 0;
  if (!unit.text) return n;
  for (let at = text.indexOf(unit.text); at >= 0 && n < max; at = text.indexOf(unit.text, at + 1)) {
    if (!unit.bounded || boundaryOk(text, at, at + unit.text.length, unit.text)) out[from + n++] = at;
  }
  return n;
}

/** Number of matches of the unit in `text`. */
export function countIn(text: string, unit: Unit): number {
  let n = 0;
  for (let at = text.indexOf(unit.text); at >= 0; at = text.indexOf(unit.text, at + 1)) {
    if (!unit.bounded || boundaryOk(text, at, at + unit.text.length, unit.text)) n++;
  }
  return n;
}
