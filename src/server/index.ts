/**
 * zhsearch as a service (`zhsearch/server`): the Express application over an
 * {@link IndexHolder}, and the configuration it is started with.
 *
 * @example
 * import { IndexHolder } from 'zhsearch';
 * import { createApp, loadConfig } from 'zhsearch/server';
 * const config = loadConfig();
 * const holder = new IndexHolder(config.indexDir);
 * holder.reload();
 * createApp({ config, holder }).listen(config.port, config.host);
 */
export { createApp } from './app.js';
export type { AppOptions } from './app.js';
export { createHttpServer } from './http-server.js';
export { loadConfig, DEFAULT_CONFIG } from '../config.js';
export type { Config } from '../config.js';
