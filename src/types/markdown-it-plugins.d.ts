// The markdown-it plugins used here ship no types of their own.
declare module 'markdown-it-footnote' {
  import type { MarkdownIt } from 'markdown-it';
  type PluginSimple = (md: MarkdownIt) => void;
  const plugin: PluginSimple;
  export default plugin;
}
declare module 'markdown-it-deflist' {
  import type { MarkdownIt } from 'markdown-it';
  type PluginSimple = (md: MarkdownIt) => void;
  const plugin: PluginSimple;
  export default plugin;
}
declare module 'markdown-it-abbr' {
  import type { MarkdownIt } from 'markdown-it';
  type PluginSimple = (md: MarkdownIt) => void;
  const plugin: PluginSimple;
  export default plugin;
}
