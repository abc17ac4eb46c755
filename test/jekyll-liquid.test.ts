/**
 * A post's Liquid when the site lacks what its theme or plugins supply (Jekyll itself
 * would stop; the theme's gem or the plugin is installed where the site is built), and
 * the site's `_data`: what the reader would see is indexed, and nothing else.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildIndex } from '../src/build/build.js';
import { reindex } from '../src/build/reindex.js';
import { tempDir, writePosts } from './helpers.js';

/** A site in a temp folder: `_config.yml`, then the files given (paths from the root). */
function site(files: Record<string, string>): string {
  const root = tempDir();
  writePosts(root, { '_config.yml': 'title: 小站\ntimezone: Asia/Shanghai\n' });
  for (const [file, content] of Object.entries(files)) writePosts(path.join(root, path.dirname(file)), { [path.basename(file)]: content });
  return root;
}

async function textOf(root: string, id: string): Promise<string> {
  const { engine } = await buildIndex({ site: root }, {});
  return engine.get(id)!.text;
}

describe('a post’s Liquid without the theme’s includes or the plugins’ tags', () => {
  it('renders an include the site does not have as nothing, and the rest of the post as Jekyll would', async () => {
    const root = site({
      '_posts/2023-03-01-video.md': [
        '---',
        'title: 视频',
        '---',
        '站点标题是 {{ site.title }}。',
        '',
        "{% include embed/youtube.html id='abc' %}",
        '',
        '{% highlight python %}',
        'def f(*args, **kwargs):',
        '    return {"a": 1}',
        '{% endhighlight %}',
      ].join('\n'),
    });
    // Before, the whole post fell back to its text without Liquid: no site title, and the
    // code as prose (`{“a”: 1}`, curled by the Markdown step).
    assert.equal(await textOf(root, '2023-03-01-video'), '站点标题是 小站。\ndef f(*args, **kwargs):\nreturn {"a": 1}');
  });

  it('renders a tag no one defined as nothing, and a block of one as its body', async () => {
    const root = site({
      '_posts/2023-03-02-gist.md':
        '---\ntitle: 插件\n---\n前面{% gist 12345 %}后面。{% details 点开 %}块里的文字。{% enddetails %}{{ site.title }}',
    });
    assert.equal(await textOf(root, '2023-03-02-gist'), '前面后面。块里的文字。小站');
  });

  it('never includes a file from outside _includes', async () => {
    const root = site({
      'secret.txt': '不该出现的秘密',
      '_includes/ok.html': '可以包含的文字',
      '_posts/2023-03-03-escape.md': '---\ntitle: 越界\n---\n{% include ok.html %}，{% include ../secret.txt %}结束。',
    });
    const text = await textOf(root, '2023-03-03-escape');
    assert.ok(text.includes('结束'), text);
    assert.ok(!text.includes('秘密'), text);
  });
});

describe('include_relative', () => {
  it('renders the file beside the post with its parameters, and never a file Jekyll refuses or one outside the site', async () => {
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret.md'), '不该出现的秘密');
    const root = site({
      'secret.md': '站点根目录的秘密',
      '_posts/parts/card.html': '卡片写着{{ include.who }}，标题是{{ page.title }}。',
      '_posts/2023-03-06-beside.md': [
        '---',
        'title: 旁边的文件',
        '---',
        '开头。{% include_relative parts/card.html who="小马" %}',
        '{% include_relative ../secret.md %}{% include_relative parts/missing.md %}{% include_relative parts/链接.md %}',
        '{% include_relative parts/outside.md %}结尾。',
      ].join('\n'),
    });
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(root, '_posts/parts/outside.md'));
    assert.equal(await textOf(root, '2023-03-06-beside'), '开头。卡片写着小马，标题是旁边的文件。\n结尾。');
  });

  it('a changed included file renders its post again on the next reindex, and only then', async () => {
    const root = site({
      '_posts/parts/intro.md': '第一版的介绍。',
      '_posts/2023-03-07-static.md': '---\ntitle: 静态\n---\n{% include_relative parts/intro.md %}',
      '_posts/2023-03-08-variable.md': '---\ntitle: 变量\n---\n{% assign p = "parts/intro.md" %}{% include_relative {{ p }} %}',
      '_posts/2023-03-09-plain.md': '---\ntitle: 普通\n---\n不包含文件。',
    });
    const indexDir = tempDir();
    const first = await reindex({ source: root, site: { site: root }, indexDir });
    assert.equal(first.engine.get('2023-03-07-static')!.text, '第一版的介绍。');
    assert.equal(first.engine.get('2023-03-08-variable')!.text, '第一版的介绍。');
    const unchanged = await reindex({ source: root, site: { site: root }, indexDir });
    assert.equal(unchanged.report.updated, 0);
    fs.writeFileSync(path.join(root, '_posts/parts/intro.md'), '第二版的介绍。');
    const second = await reindex({ source: root, site: { site: root }, indexDir });
    assert.equal(second.engine.get('2023-03-07-static')!.text, '第二版的介绍。');
    assert.equal(second.engine.get('2023-03-08-variable')!.text, '第二版的介绍。');
    assert.equal(second.report.updated, 2);
  });
});

describe('a site’s _data', () => {
  it('is site.data, and a changed data file renders its posts again on the next reindex', async () => {
    const root = site({
      '_data/books.yml': '- title: 三体\n',
      '_data/team/members.json': '[{"name": "李四"}]',
      '_posts/2023-03-04-books.md':
        '---\ntitle: 书单\n---\n{% for b in site.data.books %}《{{ b.title }}》{% endfor %}{{ site.data.team.members[0].name }}',
    });
    const indexDir = tempDir();
    const first = await reindex({ source: root, site: { site: root }, indexDir });
    assert.equal(first.engine.get('2023-03-04-books')!.text, '《三体》李四');
    fs.writeFileSync(path.join(root, '_data/books.yml'), '- title: 三体\n- title: 活着\n');
    const second = await reindex({ source: root, site: { site: root }, indexDir });
    assert.equal(second.engine.get('2023-03-04-books')!.text, '《三体》《活着》李四');
    assert.equal(second.report.updated, 1);
  });

  it('a data file Jekyll cannot read stops the build with the file and the reason, and nothing is written', async () => {
    const root = site({ '_data/bad.yml': 'a: [1, 2\n', '_posts/2023-03-05-a.md': '---\ntitle: a\n---\n文字' });
    const indexDir = tempDir();
    await assert.rejects(reindex({ source: root, site: { site: root }, indexDir }), (err: Error) => {
      assert.match(err.message, /^\S*_data\/bad\.yml: unexpected end of the stream/);
      return true;
    });
    assert.deepEqual(fs.readdirSync(indexDir), []);
  });
});
