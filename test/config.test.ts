/** Configuration: defaults, then the config file, then the environment, then flags. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG, loadConfig } from '../src/config.js';
import { servingOptions } from '../src/cli/build-settings.js';
import { tempDir } from './helpers.js';

describe('loadConfig', () => {
  it('takes the defaults when nothing is set', () => {
    assert.deepEqual(loadConfig([], {}, tempDir()), DEFAULT_CONFIG);
  });

  it('lets the config file override defaults, the environment the file, and flags the environment', () => {
    const cwd = tempDir();
    fs.writeFileSync(
      path.join(cwd, 'zhsearch.config.json'),
      JSON.stringify({ port: 4000, host: '0.0.0.0', site: 'from-file', cache: { maxEntries: 5 } }),
    );
    const fromFile = loadConfig([], {}, cwd);
    assert.deepEqual(
      [fromFile.port, fromFile.host, fromFile.site, fromFile.cache],
      [4000, '0.0.0.0', 'from-file', { maxEntries: 5, maxBytes: DEFAULT_CONFIG.cache.maxBytes }],
    );
    const fromEnv = loadConfig(
      [],
      { ZHSEARCH_PORT: '5000', ZHSEARCH_SITE: 'from-env', ZHSEARCH_CORS_ORIGINS: 'https://a.example, https://b.example' },
      cwd,
    );
    assert.deepEqual(
      [fromEnv.port, fromEnv.host, fromEnv.site, fromEnv.corsOrigins],
      [5000, '0.0.0.0', 'from-env', ['https://a.example', 'https://b.example']],
    );
    const fromFlags = loadConfig(
      ['--port', '6000', '--site=from-flag', '--jekyll-config', '_config.yml,_config.prod.yml', '--drafts', '--watch'],
      { ZHSEARCH_PORT: '5000' },
      cwd,
    );
    assert.deepEqual(
      [fromFlags.port, fromFlags.site, fromFlags.jekyllConfig, fromFlags.drafts, fromFlags.watchSource],
      [6000, 'from-flag', ['_config.yml', '_config.prod.yml'], true, true],
    );
  });

  it('reads the file named by --config or ZHSEARCH_CONFIG', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'other.json'), JSON.stringify({ port: 4100 }));
    assert.equal(loadConfig(['--config', 'other.json'], {}, cwd).port, 4100);
    assert.equal(loadConfig([], { ZHSEARCH_CONFIG: 'other.json' }, cwd).port, 4100);
  });

  it('refuses unknown keys, unreadable files and values that are not numbers where numbers go', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'zhsearch.config.json'), JSON.stringify({ prot: 4000 }));
    assert.throws(() => loadConfig([], {}, cwd), /unknown configuration keys in zhsearch.config.json: prot/);
    fs.writeFileSync(path.join(cwd, 'zhsearch.config.json'), '{ "port": ');
    assert.throws(() => loadConfig([], {}, cwd), /cannot read configuration file zhsearch.config.json/);
    assert.throws(() => loadConfig(['--port', 'eighty'], {}, tempDir()), /port must be a number, got "eighty"/);
    assert.throws(() => loadConfig(['--port', '70000'], {}, tempDir()), /port must be 0-65535/);
  });

  it('weighs the fields as the file says, each left out at its default, and refuses weights of anything else', () => {
    const cwd = tempDir();
    const write = (boost: unknown) => fs.writeFileSync(path.join(cwd, 'zhsearch.config.json'), JSON.stringify({ boost }));
    assert.deepEqual(DEFAULT_CONFIG.boost, { title: 3, tags: 1.5, categories: 0, body: 1 });
    write({ title: 5, body: 0, categories: 2 });
    assert.deepEqual(loadConfig([], {}, cwd).boost, { title: 5, tags: 1.5, categories: 2, body: 0 });
    // What a server's engine is given, over every thread and reload.
    assert.deepEqual(servingOptions(loadConfig([], {}, cwd)).boost, { title: 5, tags: 1.5, categories: 2, body: 0 });
    write({ date: 2, summary: 1 });
    assert.throws(
      () => loadConfig([], {}, cwd),
      /^Error: zhsearch.config.json: boost weighs title, tags, categories and body only, not date, summary$/,
    );
    write({ title: -1 });
    assert.throws(() => loadConfig([], {}, cwd), /^Error: zhsearch.config.json: boost.title Too small: expected number to be >=0$/);
    write(3);
    assert.throws(() => loadConfig([], {}, cwd), /^Error: zhsearch.config.json: boost must be object, received number$/);
  });

  it('weighs freshness as the file says, each setting left out at its default, and refuses anything else', () => {
    const cwd = tempDir();
    const write = (freshness: unknown) => fs.writeFileSync(path.join(cwd, 'zhsearch.config.json'), JSON.stringify({ freshness }));
    assert.deepEqual(DEFAULT_CONFIG.freshness, { weight: 0, halfLifeDays: 365 });
    write({ weight: 2 });
    assert.deepEqual(loadConfig([], {}, cwd).freshness, { weight: 2, halfLifeDays: 365 });
    assert.deepEqual(servingOptions(loadConfig([], {}, cwd)).freshness, { weight: 2, halfLifeDays: 365 });
    write({ weight: 1, decay: 'exp' });
    assert.throws(() => loadConfig([], {}, cwd), /^Error: zhsearch.config.json: freshness has weight and halfLifeDays only, not decay$/);
    write({ halfLifeDays: 0 });
    assert.throws(
      () => loadConfig([], {}, cwd),
      /^Error: zhsearch.config.json: freshness.halfLifeDays Too small: expected number to be >0$/,
    );
    write({ weight: 11 });
    assert.throws(() => loadConfig([], {}, cwd), /^Error: zhsearch.config.json: freshness.weight Too big: expected number to be <=10$/);
  });

  it('refuses an environment variable of its own it does not know, as a misspelt one would be ignored', () => {
    assert.throws(() => loadConfig([], { ZHSEARCH_PROT: '8080' }, tempDir()), /^Error: unknown environment variable ZHSEARCH_PROT /);
    // Its other variables, and anyone else's, are fine.
    const config = loadConfig(
      [],
      { ZHSEARCH_READ_AHEAD: 'off', ZHSEARCH_MERGE_DELTAS: '3', ZHSEARCH_CACHE_ENTRIES: '0', PORT: '4200', ZH: '1' },
      tempDir(),
    );
    assert.deepEqual([config.port, config.cache.maxEntries], [4200, 0]);
  });
});
