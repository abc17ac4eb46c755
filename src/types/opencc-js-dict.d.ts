// opencc-js's tables (its `./*` export), each a string of `from to` pairs joined by `|`; the package types its converters only.
declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
