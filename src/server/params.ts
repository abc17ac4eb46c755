/** Validation of query-string parameters: each bad one is a 400 that names it. */
import type { Request } from 'express';
import { badParameter } from './errors.js';

type Query = Request['query'];
const parsed = new WeakMap<Request, Query>();

/** The request's query string, parsed once: Express 5 parses it again on every read of `req.query`. */
function queryOf(req: Request): Query {
  let q = parsed.get(req);
  if (!q) parsed.set(req, (q = req.query));
  return q;
}

/** A single string parameter; undefined when absent; 400 when repeated or not a string. */
export function one(req: Request, name: string): string | undefined {
  const v = queryOf(req)[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badParameter(name, 'must be given once, as plain text');
  return v;
}

/** A repeatable string parameter (`tag=a&tag=b`). */
export function many(req: Request, name: string, max = 20): string[] {
  const v = queryOf(req)[name];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  if (list.some((x) => typeof x !== 'string')) throw badParameter(name, 'must be plain text');
  if (list.length > max) throw badParameter(name, `at most ${max} values`);
  return (list as string[]).map((s) => s.trim()).filter(Boolean);
}

/** An integer parameter within bounds. */
export function integer(req: Request, name: string, def: number, min: number, max: number): number {
  const v = one(req, name);
  if (v === undefined || v === '') return def;
  if (!/^-?\d+$/.test(v.trim())) throw badParameter(name, `must be an integer between ${min} and ${max}`);
  const n = Number(v);
  if (n < min || n > max) throw badParameter(name, `must be between ${min} and ${max}`);
  return n;
}

/** One of the allowed words. */
export function choice<T extends string>(req: Request, name: string, allowed: readonly T[], def: T): T {
  const v = one(req, name);
  if (v === undefined || v === '') return def;
  if (!(allowed as readonly string[]).includes(v)) throw badParameter(name, `must be one of ${allowed.join(', ')}`);
  return v as T;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?)?$/;

/** A date (`YYYY-MM-DD` or ISO 8601) as ms; a bare `to` date covers its whole day. */
export function date(req: Request, name: string, endOfDay: boolean): number | undefined {
  const v = one(req, name);
  if (v === undefined || v === '') return undefined;
  const m = DATE.exec(v.trim());
  const t = m ? Date.parse(m[4] ? `${v.trim().replace(' ', 'T')}${m[7] ? '' : 'Z'}` : `${v.trim()}T00:00:00Z`) : NaN;
  if (!m || Number.isNaN(t) || new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).getUTCDate() !== +m[3]!) {
    throw badParameter(name, 'must be a date like 2022-06-10 or 2022-06-10T13:49:56+08:00');
  }
  return endOfDay && !m[4] ? t + 86_399_999 : t;
}
