import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';

/**
 * The ranking's optimised code expects a plan's lists to be packed arrays (query-plan.ts
 * `packed`): a holey one, as `flat()` or an optimised `map` makes, throws that code away.
 * V8 alone can tell the two apart, so this runs in a child with its natives syntax, and
 * builds plans both before and after V8 has optimised the code that makes them.
 */
const script = `
  const { Tokenizer } = await import(${JSON.stringify(new URL('../src/text/tokenize.js', import.meta.url).href)});
  const { planQuery, synonymMap } = await import(${JSON.stringify(new URL('../src/search/query-plan.js', import.meta.url).href)});
  const { refinePlan } = await import(${JSON.stringify(new URL('../src/search/intent/optional-words.js', import.meta.url).href)});
  const { requirementGroups } = await import(${JSON.stringify(new URL('../src/search/intent/information.js', import.meta.url).href)});
  const tokenizer = new Tokenizer();
  const synonyms = synonymMap([['人工智能', 'AI']]);
  const queries = ['乳山绿茶', '开源 工具', '人工智能 绘画', 'TailwindCSS 入门', '"生成 AI" OR 图片', 'title:开源 工具 -广告', '怎么 备份 重要 数据'];
  const holey = [];
  const look = (what, list) => {
    if (!Array.isArray(list)) return;
    if (%HasHoleyElements(list)) holey.push(what);
    for (const item of list) look(what + '[]', item);
  };
  const plans = () => {
    for (const q of queries) {
      const plan = refinePlan(planQuery(q, tokenizer, synonyms), () => 3, 1000);
      for (const key of ['segments', 'required', 'excluded', 'titles', 'rank']) look(q + ' ' + key, plan[key]);
      look(q + ' groups', requirementGroups(plan));
    }
  };
  for (let i = 0; i < 200; i++) plans();
  plans();
  %PrepareFunctionForOptimization(planQuery);
  %PrepareFunctionForOptimization(refinePlan);
  plans();
  %OptimizeFunctionOnNextCall(planQuery);
  %OptimizeFunctionOnNextCall(refinePlan);
  plans();
  console.log(JSON.stringify([...new Set(holey)]));
`;

describe('a plan’s lists (query-plan.ts)', () => {
  it('are packed arrays, whether or not V8 has optimised the code making them', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { timeout: 60_000 }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      ),
    );
    assert.deepEqual(JSON.parse(out), []);
  });
});
