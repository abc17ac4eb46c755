/**
 * node dist/scripts/jekyll-fuzz.js [--seed 1] [--posts 200] [--keep DIR] [--show 10]
 *
 * Random Jekyll sites against the real Jekyll (Debian's `jekyll`, 4.3.1, with Nokogiri):
 * posts made of the Markdown, kramdown, Liquid and HTML constructs Chinese blogs use, and
 * of front matter, file names, folders and permalinks as bloggers write them, seeded so a
 * run can be repeated. Jekyll builds the site through ../shared/jekyll's hook
 * (plugin/dump.rb); zhsearch indexes it; each post's URL, date, title, categories and tags
 * must be Jekyll's, and its visible text Jekyll's but for white space. Prints how many
 * posts differ, and the first few differences (`--show`). Two sites are made per seed:
 * one for the text (one permalink), one for the front matter (a permalink, time zone and
 * base URL drawn for the site). `--keep DIR`: the sites and Jekyll's answers are left there.
 *
 * Not made, as zhsearch reads them otherwise on purpose or is known to: text hidden by
 * `hidden` or `display:none` (a reader does not see it; Jekyll's text keeps it), a setext
 * underline right under a list item (`- 项\n---`: kramdown makes the item a heading, which
 * a table of contents then lists), a line that opens with an HTML comment followed by
 * text (kramdown reads the text after it as Markdown, markdown-it as raw HTML), and another
 * post's content shown on a site with `parse_block_html` (kramdown reads its HTML again,
 * indented as kramdown writes it). Known to differ: a post showing one that shows a third
 * (the second's content is then given as written: posts each showing all those before
 * them would double in length with each post), a post's own `{{ page.excerpt }}`
 * (Jekyll renders it there from its first block, itself included), `{% increment %}` and
 * `{% decrement %}` (Jekyll's counters go on from one post it renders to the next).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIndex } from '../src/build/build.js';
import { parseArgs } from '../src/config.js';
import { readJekyllAnswer, zhsearchIds } from './jekyll-answer.js';
import { ROOT } from './server-process.js';

const args = parseArgs(process.argv.slice(2));
const seed = Number(args.seed ?? 1);
const posts = Number(args.posts ?? 200);
const show = Number(args.show ?? 10);
const PLUGIN = path.resolve(ROOT, '../shared/jekyll/plugin');

/** A seeded generator (a linear congruential one: the same seed, the same sites). */
function random(start: number): () => number {
  let state = start;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}
const rnd = random(seed);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

const PROSE = [
  '我们今天讨论搜索引擎的实现原理',
  '这个工具可以帮助开发者提高效率',
  '中文分词是全文检索的第一步',
  '静态网站生成器非常适合写博客',
];

// prettier-ignore
const INLINE: (() => string)[] = [
  () => `**${pick(PROSE)}**`, () => `*斜体*`, () => `_强调_`, () => '`npm install`', () => `[链接](https://example.com/a?b=1&c=2)`,
  () => `![图片说明](/assets/a.png)`, () => `<span class="x">行内 HTML</span>`, () => `~~删除线~~`, () => `“中文引号”`, () => `"英文引号"`,
  () => `'单引号'`, () => `省略号...`, () => `破折号 -- 和 ---`, () => `<<书名>>`, () => `脚注[^n${Math.floor(rnd() * 2)}]`, () => `HTML 缩写`,
  () => `<https://jekyllrb.com>`, () => `&nbsp;实体&amp;符号&copy;`, () => `$$x^2+y^2$$`, () => `\\*不是强调\\*`, () => `{{ page.title }}`,
  () => `{{ site.title | upcase }}`, () => `{% raw %}{{ 不渲染 }}{% endraw %}`, () => `C++ 和 C#`, () => `a < b && c > d`, () => `<kbd>Ctrl</kbd>`,
  () => `中文<!-- 注释 -->`, () => '`{{ 代码里的 liquid }}`', () => `[引用链接][ref]`, () => `{% assign v = "变量值" %}{{ v }}`, () => `<sup>上标</sup>`,
  () => `“引号里的**粗体**”`, () => `'It's'`, () => `"中文"双引号"`, () => `{{ page.tags | join: "," }}`, () => `{{ "  a  b " | split: " " | size }}`,
  () => `共 {{ site.posts.size }} 篇`, () => `{% for p in site.posts limit: 3 %}《{{ p.title }}》{{ p.url }}{% endfor %}`, () => `上一篇{{ page.previous.title }}下一篇{{ page.next.title }}`,
  () => `{% for t in site.tags %}{{ t[0] }}:{{ t[1].size }}；{% endfor %}`, () => `{% for c in site.categories %}{{ c[0] }}={{ c[1] | map: "title" | join: "/" }}；{% endfor %}`,
  () => `[带空格的地址](../docs/a b.md)`, () => `![图](/assets/a b.png "标题")`, () => `[括号](https://x.org/wiki/A_(b) c)`, () => `[没闭合](a b`,
  () => `{% for p in site.related_posts limit: 2 %}{{ p.title }}{{ p.date | date: "%F" }}{% endfor %}`, () => `{{ page.next.date | date: "%Y年%m月" }}{{ page.previous.url | relative_url }}`,
  () => `[第一篇]({% post_url 2023-01-10-post-0 %})`, () => `{{ page.date | date_to_string }}`, () => `{{ page.date | date: "%Y年%-m月%-d日" }}`, () => `约 {{ page.title | number_of_words }} 词，{{ "中文 words 混排" | number_of_words: "cjk" }} 字`,
  () => `{{ "<b>粗</b>文字" | strip_html }}`, () => `{{ "很长的一段中文句子需要截断" | truncate: 8 }}`, () => `{{ "**粗体**" | markdownify }}`, () => `{{ "Hello 世界" | slugify }}`,
  () => `{% capture c %}捕获的{{ page.title }}{% endcapture %}{{ c }}`, () => `{% unless page.hidden %}没有隐藏{% endunless %}`, () => `{% case page.tags.size %}{% when 2 %}两个标签{% else %}别的{% endcase %}`,
  () => `{{ site.posts | where: "title", "文章 1" | map: "url" | first }}`, () => `{{ page.title | append: "！" | prepend: "《" }}`, () => `{{ "a,b" | split: "," | last }}`, () => `{{ page.url | absolute_url }}`,
  () => `{{ "a & b <c>" | xml_escape }}`, () => `{{ "中文 a&b" | cgi_escape }}`, () => `{{ "中文 a b" | uri_escape }}`, () => `{{ page.tags | jsonify }}`,
  () => `{{ '"引号" -- 和 ...' | smartify }}`, () => `{{ page.tags | sort | join: "、" }}`, () => `{{ page.tags | reverse | join: "/" }}`, () => `{{ "a,b,a" | split: "," | uniq | join: "+" }}`,
  () => `{{ site.posts | where_exp: "p", "p.title contains '1'" | size }}`, () => `{% assign g = site.posts | group_by: "categories" %}{{ g.size }}组`, () => `{{ "  多个   空格  " | normalize_whitespace }}`,
  () => `{{ page.tags | array_to_sentence_string }}`, () => `{{ "<b>转义</b>" | escape }}`, () => `{{ "甲乙甲" | replace_first: "甲", "丙" }}{{ "甲乙甲" | remove_first: "甲" }}`,
  () => `{{ "中文字符串" | slice: 1, 2 }}`, () => `{{ "hello 世界" | capitalize }}{{ "ABC" | downcase }}`, () => `{{ 3 | times: 4 | plus: 1 }}、{{ 10 | divided_by: 3 }}、{{ 10 | modulo: 3 }}、{{ 2.567 | round: 1 }}`,
  () => `{{ page.nothing | default: "默认值" }}`, () => `{{ page.tags | concat: page.categories | compact | size }}`, () => `{% for i in (1..3) %}{% cycle "甲", "乙" %}{% endfor %}`,
  () => `{% if page.tags.size > 5 %}多{% elsif page.tags.size > 1 %}几个{% else %}少{% endif %}`, () => `{% for t in page.tags reversed %}{{ t }}{% unless forloop.last %}，{% endunless %}{% endfor %}`,
  () => `{% for p in site.posts offset: 2 limit: 2 %}{{ p.title }}{% endfor %}`, () => `{{ page.date | date_to_xmlschema }}`, () => `{{ page.path }} {{ page.id }} {{ site.url }}{{ site.baseurl }}`,
  () => `<mark>标记</mark>和<abbr title="缩写">缩写</abbr>`, () => `snake_case_name 和 __init__ 和 a_b_c`,
  () => `![带属性的图](/a.png){: width="600" }`, () => `<img src="/b.png" alt="图片">`, () => `H~2~O 和 x^2^`, () => `:smile: 表情`, () => `\\$ 美元 $ 符号`, () => `**粗体**和*斜体*混用***三星***`,
];
const paragraph = (): string =>
  Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => (rnd() < 0.5 ? `${pick(PROSE)}，` : pick(INLINE)())).join('') + '。';
/** Another post's content, as Jekyll has it when this one is rendered (its HTML, or its source when it comes later). */
const showAnother = (): string =>
  `{% for p in site.posts %}{% if forloop.index == ${1 + Math.floor(rnd() * 20)} %}\n\n另一篇的内容：\n\n{{ p.content }}\n\n{% endif %}{% endfor %}`;
// prettier-ignore
const BLOCKS: (() => string)[] = [
  paragraph, () => `${paragraph()}\n${paragraph()}`, () => `# 一级标题 ${pick(PROSE).slice(0, 4)}`, () => `## 二级标题 {#custom-id}`, () => `设置标题\n========`,
  () => `- 列表一 ${pick(PROSE)}\n- 列表二\n  - 嵌套 ${pick(INLINE)()}\n- 列表三`, () => `1. 第一步\n2. 第二步 ${pick(INLINE)()}`, () => `* [ ] 待办\n* [x] 已完成`,
  () => `> 引用：${pick(PROSE)}\n> 第二行`, () => '```js\nconst a = "代码块里的中文";\n```', () => '~~~\n波浪线代码块 {{ x }}\n~~~', () => '    缩进代码块\n    第二行',
  () => '{% highlight ruby %}\nputs "高亮代码"\n{% endhighlight %}', () => `| 名称 | 说明 |\n|------|------|\n| 甲 | ${pick(PROSE)} |`, () => '| 代码 | 说明 |\n|---|---|\n| `a \\| b` | 竖线 |',
  () => `<div class="note">\nHTML 块里的文字 ${pick(PROSE)}\n</div>`, () => `<div markdown="1">\n**markdown 属性** ${pick(PROSE)}\n</div>`, () => `<p markdown="1">**p 里的 markdown**</p>`,
  () => `<details>\n<summary>点击展开</summary>\n\n折叠的内容：${pick(PROSE)}\n\n</details>`, () => `<script>var s = "脚本";</script>`, () => `---`,
  () => `{% comment %}注释掉的{% endcomment %}`, () => `{% for i in (1..3) %}第{{ i }}项 {% endfor %}`, () => `术语\n: 定义 ${pick(PROSE)}`,
  () => `{::comment}\n被 kramdown 注释的文字\n{:/comment}`, () => `{::nomarkdown}\n<b>不处理</b>\n{:/nomarkdown}`, () => `段落带属性\n{: .lead}`, () => `* 目录\n{:toc}`,
  () => `$$\nE = mc^2\n$$`, () => `[^n0]: 脚注内容 ${pick(PROSE)}`, () => `[^n1]: 脚注一`, () => `*[HTML]: 超文本标记语言`, () => `[ref]: https://example.com "标题"`,
  () => `1) 括号编号\n2) 第二`, () => `+ 加号列表\n+ 第二`, () => `<!--more-->`, () => `<https://example.com/自动链接>`, () => `<pre>预格式 <b>粗</b></pre>`,
  () => `- 列表项\n  > 列表里的引用 ${pick(PROSE)}`, () => `> 引用里的列表\n> 1. 第一\n> 2. 第二`, () => `> > 嵌套引用`, () => `- 第一段\n\n  同一项的第二段`,
  () => `[带标题的链接](https://example.com "链接标题")`, () => `![引用式图片][img]\n\n[img]: /a.png`, () => `**粗体，**紧跟汉字`, () => `*斜体。*后面`, () => `__下划线粗体__`,
  () => `<span>**span 里的星号**</span>`, () => `中文<br>换行`, () => `行尾两个空格  \n下一行`, () => `| 左 | 中 | 右 |\n|:--|:-:|--:|\n| 1 | 2 | 3 |`, () => `名称 | 说明\n--- | ---\n无前导 | 竖线`,
  () => `1. 有序\n   - 嵌套无序\n     1. 再嵌套`, () => '- 列表里的代码：\n\n  ```\n  代码 ' + pick(PROSE) + '\n  ```', () => `3. 从三开始\n4. 第四`, () => `\\# 不是标题`,
  () => `中文**“引号粗体”**中文`, () => `**粗体**。*斜体*，_下划_：`, () => `（**括号里**）`, () => `a**b**c 和 中**文**字`, () => `**1.**第一`,
  () => `<div>\n\n**div 里空行后的粗体**\n\n</div>`, () => `<ruby>汉<rt>hàn</rt></ruby>字`, () => `***`, () => `* * *`, () => `Term\n: 定义一\n: 定义二`,
  () => `1. 第一层\n   - 嵌套项  \n- 懒行 ${pick(PROSE)}\n- 又一行\n   - 回到嵌套\n\n2. 第二层`, () => `- 无序\n   1. 有序\n2. 懒行的编号`,
  () => `1. 第一\n\n   正文 ${pick(PROSE)}\n- 空行后的懒行`,
  () => `一句话。\n<br>\n##### 换行后的标题\n${pick(PROSE)}`, () => `命令|用途\n-|-\nc|修改\n>|增加缩进\n<C-v>{123}|十进制\n- x|像列表的行`,
  () => `> <font color="red">\n> 引用里的 HTML：${pick(PROSE)}\n>\n> 1. 第一 \`代码\`\n> 2. 第二\n> </font>`,
  () => `> <div class="tip">\n> 提示 **粗体**\n>\n> 第二段\n> </div>\n> 引用继续 ${pick(PROSE)}`, () => `> > <div>\n> > 嵌套引用里的 div\n> >\n> > 空行之后\n> > </div>`,
  showAnother,
  // Code spans of Liquid alone, rendered empty: runs of two backticks that may pair across rows.
  () =>
    `| 事件 | 变量 |\n|---|---|\n${Array.from({ length: 2 + Math.floor(rnd() * 3) }, (_, k) => `| \`e${k}\` | ${Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => '`{{ v }}`').join(', ')} |`).join('\n')}`,
  // A fence right under a list item's text whose code starts a list: two parts to kramdown's list parser.
  () => `- **项目**  \n  ${pick(PROSE)}  \n  \`\`\`markdown\n  **案例**：${pick(PROSE)}\n  1. 第一步\n  \`\`\`\n- 下一项`,
  () => `旧文章的字符引用：&#147;${pick(PROSE)}&#148;&#151;&#149; It&#146;s`,
  () => `> 提示：${pick(PROSE)}\n{: .prompt-tip }`, () => `<iframe src="//player.bilibili.com/player.html?bvid=BV1" allowfullscreen></iframe>`, () => `## 带收尾井号的标题 ##`,
  () => `${pick(PROSE)}\n---`, () => `<center>居中的文字 ${pick(PROSE)}</center>`, () => `<video src="/a.mp4" controls>不支持视频</video>`, () => `| 多行 | 单元格 |\n|---|---|\n| 第一行<br>第二行 | ${pick(PROSE)} |`,
  () => `<center><img src="/c.png"></center>\n图：${pick(PROSE)}`, () => `<p align="center">\n  <img src="/d.png">\n</p>`, () => `**注意：**${pick(PROSE)}`, () => `### 1. 数字开头的标题`,
  () => `- [x] **完成** ${pick(PROSE)}\n- [ ] ~~取消~~`, () => `<font color="red">红字</font>${pick(PROSE)}`, () => `${pick(PROSE)}[^n0]\n\n[^n0]: 紧跟的脚注`, () => `<table><tr><td>HTML 表格 ${pick(PROSE)}</td></tr></table>`,
  () => `{% raw %}\n\`\`\`\n{{ 代码块里的 liquid }}\n\`\`\`\n{% endraw %}`, () => `{% highlight js linenos %}\nconst 中 = "行号";\n{% endhighlight %}`, () => `<kbd>Ctrl</kbd> + <kbd>C</kbd> | 复制`,
  () => `<!--\n多行的注释 ${pick(PROSE)}\n-->`, () => `## **粗体**标题与[链接](https://example.com/)`, () => `[![图片链接](/a.png)](https://example.com/)`,
  () => `实体：&#x4e2d;&#20013;&mdash;&hellip;&lt;tag&gt;`, () => `第一行<br/>第二行<hr/>`, () => `| **粗体** | \`代码\` |\n|---|---|\n| [链接](https://x.org/) | ~~删~~ |`,
  () => `***粗斜体*** 和 **_混合_**`, () => `> 引用里的代码：\n>\n> \`\`\`\n> 引用的代码 ${pick(PROSE)}\n> \`\`\``, () => `- 列表项\n\n      列表里的缩进代码`,
  () => `${pick(PROSE)}\n${pick(PROSE)}\n${pick(PROSE)}`, () => `![引用式图片][logo]\n\n[logo]: /logo.png "标志"`, () => `<img src="/e.png" width="300"/>\n*图：说明文字*`,
  () => `#没有空格的标题`, () => `行尾反斜杠\\\n下一行`, () => `a \\| b 不在代码里`, () => '`` `反引号` `` 和 ``` `` ``` 之后', () => `<ol start="3">\n<li>第三 ${pick(PROSE)}</li>\n</ol>`,
() => `**“中文”**后 和 [链接，带逗号](https://x.org/)😀`, () => `1. 第一段\n\n   第一段的第二段\n2. 第二`,
  // Includes, as themes and posts use them: parameters, Markdown files, nesting, folders.
  () => `{% include note.html content="**包含**的提示：${pick(PROSE)}" %}`, () => `{% include figure.html src="/a.png" alt="图" caption="图注：${pick(PROSE)}" %}`,
  () => `{% include snippet.md %}`, () => `{% include note.html content=page.title %}`, () => `{% assign t = "变量内容" %}{% include note.html content=t %}`,
  () => `{% include outer.html word="外层" %}`, () => `{% include sub/tip.html %}`, () => `前文{% include inline.html %}后文 ${pick(PROSE)}`,
  () => `去空白 {%- include inline.html -%} 之后`, () => `{% assign f = "inline.html" %}{% include {{ f }} %}`, () => `{% include note.html\n   content="多行参数" %}`,
  () => `- 列表里的包含：{% include inline.html %}\n- 第二项`, () => `> {% include snippet.md %}`,
  // Blocks right under a paragraph's line, which kramdown's GFM parser lets end it or not.
  () => `${pick(PROSE)}\n- 紧跟段落的列表\n- 第二项`, () => `${pick(PROSE)}\n1. 紧跟段落的编号\n2. 第二`, () => `${pick(PROSE)}\n2. 不从一开始的编号`,
  () => `${pick(PROSE)}\n> 紧跟段落的引用`, () => `${pick(PROSE)}\n## 紧跟段落的标题`, () => `${pick(PROSE)}\n\`\`\`\n紧跟段落的代码\n\`\`\``,
  () => `[尖括号地址](<a b.md>) 和 [编号引用][1]\n\n[1]: https://example.com/1`, () => `## *斜体*的标题 \`代码\``, () => `- 松散列表一\n\n- 松散列表二`,
  () => `二级标题\n---------`, () => `| a |\n|---|\n| ${pick(PROSE)} |\n\n表格后的段落`, () => `<span style="color:red">**红色粗体**</span>`, () => `中文*强调*中文 和 中文_下划线_中文`,
  () => `脚注多段[^long]\n\n[^long]: 脚注第一段 ${pick(PROSE)}\n\n    脚注第二段`, () => `\u3000\u3000全角空格缩进的段落，${pick(PROSE)}。\n\u3000\u3000第二段也缩进。`,
  () => `-\t制表符后的列表项\n-\t第二项`, () => `裸地址 https://example.com/路径?a=1 之后`, () => '`C:\\path\\` 和 `a\\`', () => `[尖括号定义][ang]\n\n[ang]: <https://example.com/a b> "标题"`,
  () => `## 标题里<br>换行`, () => `- 第一项\n<!-- 列表中间的注释 -->\n- 第二项`, () => `${pick(PROSE)}\n    缩进的续行 ${pick(PROSE)}`,
  () => `<details open>\n<summary>展开的</summary>\n内容 ${pick(PROSE)}\n</details>`, () => `<dl>\n<dt>术语</dt>\n<dd>定义 ${pick(PROSE)}</dd>\n</dl>`,
  () => `<figure>\n<img src="/f.png">\n<figcaption>图注 ${pick(PROSE)}</figcaption>\n</figure>`, () => `{% tablerow i in (1..2) %}第{{ i }}格{% endtablerow %}`,
  () => `| 参数 | 类型 |\n| -- | -- |`, () => `- 列表里的表头：\n  | 字段 | 类型 |\n  |----|----|`, () => '| 名称 | 写法 |\n|---|---|\n| `甲 | 乙 |\n| 丙` | 丁 |',
  () => `* ${pick(PROSE)}\n\n    1) 列表项里的括号编号\n\n    2) 第二个括号编号`, () => `1. 有序的一项\n   2) 紧跟的括号编号`, () => `- 外层一项\n  - 内层一项\n\n    3) 内层里的括号编号`,
  () => `<div class="box-tip" markdown="1">\n<div class="title"> 提示的标题 </div>\n- [**链接**](https://example.com) ${pick(PROSE)}\n</div>`,
  () => `<details markdown="1">\n<summary>摘要</summary>\n**粗体** ${pick(PROSE)}\n</details>`,
  () => `全局的 ThreadLocal<Object> 变量，${pick(PROSE)}`,
  () => `![空标题的图](https://example.com/a.png "") 和[空标题的链接](https://example.com/b '')`,
  () => `[本机文档](file:///D:/doc/a.html){:target="_blank"} 和[脚本](javascript:void(0)) 和![数据图](data:image/png;base64,iVBO)`,
  () => `${pick(PROSE)}[^u${pick(['1', '2'])}]${pick(['  \n', '\n\n', '\n- 列表项\n'])}[^u1]: 脚注 ${pick(PROSE)}\n[^u2]: 紧跟的第二个脚注`,
  () =>
    `${pick(['', '!'])}[${pick(['空格引用', 'r1', '未定义'])}]${pick([' ', '  ', '\n'])}[${pick(['r1', 'r2', '', '无此'])}] ${pick(PROSE)}\n\n[r1]: https://example.com/r1\n[r2]: https://example.com/r2 "标题"\n[空格引用]: https://example.com/s`,
  () =>
    `${pick(['*', '**', '_'])}${pick(PROSE)} ${pick(['<span style="color:red">', '<a href="/x">', '<span>'])}${pick(['元素里', '元素里*', '元素里**'])}${pick(['</span>', '</a>', ''])} 外面${pick(['*', '**', '_', ''])}结束。`,
  () => `<span>元素里${pick(['*', '**'])}开头</span> 在外面${pick(['*', '**'])}结束，${pick(PROSE)}`,
  () =>
    pick([
      `> ${pick(PROSE)}\n- 引用里的列表项\n    缩进的\`代码\``,
      `${pick(['', '#### 引用之前的标题\n'])}>    \n1. 编号的一条 ${pick(PROSE)}\n>${pick(['', ' '])}\n    说明：即\`代码\`和**粗体**\n>\n2. 第二条`,
      `> ${pick(PROSE)}\n## 引用里的标题`,
      `> ${pick(PROSE)}\n续行的**粗体**\n> 带标记的行`,
    ]),
  // A block comment holding what would be markup, and text after its end.
  () =>
    `<!--\n${pick(['## 注释里的标题', '<h2>注释里的元素</h2><p><ul><li>', '```', '| a | b |\n|---|---|'])}\n${pick(PROSE)}\n-->${pick(['', ' 注释后同一行的文字。'])}\n${pick(['', '```\n注释后的代码\n```'])}`,
  () => `<!-- 没有闭合的注释 ${pick(PROSE)}\n\n${pick(PROSE)}`,
  () => ((name) => `<${name}>\n/* 这里是<${pick(['div', 'p', 'span'])}>标签 */\n</${name}>\n\n#### 脚本后的标题\n${pick(PROSE)}`)(pick(['script', 'style'])),
  () => `${pick(PROSE)}{% highlight text %}段落里的代码{% endhighlight %}${pick(['', pick(PROSE)])}`,
  // A `*` in a link's text, closing past its `]` when another follows (kramdown reads no link in a link's text).
  () =>
    `[${pick(['A*寻路', 'B*树', 'Atomic*Updater'])}](https://example.com/x)${pick(['和', ' 与 '])}${pick(['[A*优化](https://example.com/y)', '[B*树][r1]', 'c*d', '*重点*', ''])}${pick(PROSE)}\n\n[r1]: https://example.com/r1`,
  () => `见[带空格的地址][sp]。\n\n[sp]: /pdf/real time ${pick(['monitoring .pdf', 'a.pdf "标题"'])}`,
  // Blocks in list items indented 4 spaces or a tab: a fence (a list in its code splits the item), a table.
  () => {
    const nested = rnd() < 0.5;
    const indent = nested ? pick(['    ', '       ']) : '    ';
    const code = pick(['- 像列表的代码', '1. 像编号的代码', '代码 ' + pick(PROSE)]);
    const item = `${pick(['1.  ', '-   ', '1. '])}${pick(PROSE)}\n${nested ? '    1. 嵌套的一项\n' : ''}`;
    return `${item}${indent}\`\`\`\n${indent}${code}\n${indent}\`\`\`\n${indent}之后的文字 ${pick(PROSE)}`;
  },
  () =>
    `${pick(['1. ', '- '])}${pick(PROSE)}\n\n${pick(['\t', '    '])}| 甲 | 乙 |\n${pick(['\t', '    '])}|---|---|\n${pick(['\t', '    '])}| ${pick(PROSE)} | 丙 |`,
  () => `- | 选项 | 含义 |\n    | :--- | :--- |\n    | -r | ${pick(PROSE)} |`,
  // A nested list numbered from 5 right under an item's text; lines starting with a space and a tab.
  () => `- ${pick(PROSE)}\n${pick(['\t', '  '])}${pick(['5', '1', '2'])}. 嵌套的编号\n\t\t* 嵌套的一项\n \t\t* ${pick(PROSE)}\n\t6. 下一项`,
  () => `1. ${pick(PROSE)}\n2. 第二\n\n \t* 空格和制表符开头 ${pick(PROSE)}\n \t* 又一行`,
  // A quote's line whose text starts with a tab.
  () => `>${pick(PROSE)}\n>\t 1. 制表符开头的一行\n> \t 2. ${pick(PROSE)}${pick(['', '\n>\n>\t引用里的代码'])}`,
];

/** The text site's `_includes`, of the kinds themes ship: HTML with parameters, Markdown, nested, in a folder. */
function writeIncludes(dir: string): void {
  const files: Record<string, string> = {
    'note.html': '<div class="note">\n{{ include.content | markdownify }}\n</div>\n',
    'figure.html':
      '<figure>\n  <img src="{{ include.src | relative_url }}" alt="{{ include.alt }}">\n  <figcaption>{{ include.caption }}</figcaption>\n</figure>\n',
    'snippet.md': '**包含的 Markdown** 和 [链接](https://example.com/)\n\n- 包含的列表一\n- 包含的列表二\n',
    'outer.html': '<span>{{ include.word }}{% include inner.html %}</span>',
    'inner.html': '<em>内层的文字</em>\n',
    'sub/tip.html': '<p>子目录里的提示</p>\n',
    'inline.html': '<b>行内包含</b>',
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, '_includes', name)), { recursive: true });
    fs.writeFileSync(path.join(dir, '_includes', name), text);
  }
}

/** The text site: `posts` posts of random blocks, one permalink. */
function textSite(dir: string): void {
  fs.mkdirSync(path.join(dir, '_posts'), { recursive: true });
  fs.mkdirSync(path.join(dir, '_layouts'), { recursive: true });
  // Some sites read Markdown in block HTML (kramdown's parse_block_html).
  const parseBlockHtml = rnd() < 0.3;
  // Some set a footnote's back-link (Chirpy's `&#8617;&#xfe0e;`, text of their own, or none).
  const backlink = rnd() < 0.3 ? pick(['"&#8617;&#xfe0e;"', '"返回 <上> & 顶部"', '']) : null;
  const kramdown =
    parseBlockHtml || backlink !== null
      ? `kramdown:\n  input: GFM\n${parseBlockHtml ? '  parse_block_html: true\n' : ''}${backlink === null ? '' : `  footnote_backlink: ${backlink}\n`}`
      : '';
  // kramdown reads another post's HTML again there, nested elements indented two spaces a
  // level (a <p> four deep is code to it), which zhsearch's HTML is not: not made.
  const blocks = parseBlockHtml ? BLOCKS.filter((block) => block !== showAnother) : BLOCKS;
  fs.writeFileSync(
    path.join(dir, '_config.yml'),
    `title: 模糊测试\npermalink: /:year/:month/:day/:title/\ntimezone: Asia/Shanghai\n${kramdown}`,
  );
  fs.writeFileSync(path.join(dir, '_layouts/default.html'), '<html><body>{{ content }}</body></html>\n');
  writeIncludes(dir);
  for (let i = 0; i < posts; i++) {
    const body = Array.from({ length: 3 + Math.floor(rnd() * 8) }, () => pick(blocks)()).join('\n\n');
    const front = `---\nlayout: default\ntitle: "文章 ${i}"\ntags: [标签${i % 5}, tag${i % 3}]\n---\n`;
    fs.writeFileSync(
      path.join(dir, '_posts', `2023-0${1 + (i % 9)}-1${i % 10}-post-${i}.${rnd() < 0.1 ? 'markdown' : 'md'}`),
      front + body + '\n',
    );
  }
}

// prettier-ignore
const PERMALINKS = ['date', 'pretty', 'ordinal', 'none', 'weekdate', '/:categories/:year/:month/:day/:title:output_ext', '/:year/:month/:day/:title/',
  '/blog/:year/:i_month/:i_day/:slug.html', '/:categories/:title/', '/:year/:short_month/:title', '/p/:y_day/:slug/', '/:short_year/:week/:title/'];
const NAMES = [
  'hello-world',
  '你好世界',
  'Hello World',
  'c++-and-c#',
  'a&b',
  '100%-done',
  'v1.2.3',
  'UPPER-case',
  '中文 空格',
  'emoji-😀',
  "it's",
  'plus+plus',
];
const TITLES = ['普通标题', 'Title: With Colon', '"quoted"', 'yes', '2024', 'null', '中文：全角冒号', "O'Reilly", '#hash'];
const CATEGORIES: (string | string[] | null)[] = [null, '技术', 'Tech Notes', ['Web', 'Dev'], ['前端', '后端'], ['C++'], ['2024'], []];
const TAGS: (string | (string | number | boolean)[] | null)[] = [null, 'tag1 tag2', ['AI', '机器学习'], [2024, true], []];
const DATES = [null, '{d} 10:20:30 +0800', '{d}T23:59:59Z', '{d} 00:00:00 -0700', '{d}', '{d}T08:00:00+09:00', '2099-01-01 10:00:00 +0800'];
const FOLDERS = ['_posts', '_posts', '_posts/2020', 'tech/_posts', '技术/_posts', 'Notes/sub/_posts', 'a b/_posts'];

/** A YAML scalar or flow list, quoted where YAML would read something else. */
function yaml(value: string | number | boolean | (string | number | boolean)[]): string {
  if (Array.isArray(value)) return `[${value.map((v) => yaml(v)).join(', ')}]`;
  if (typeof value !== 'string') return String(value);
  const plain = /^[\w\u4e00-\u9fff][\w\u4e00-\u9fff .+-]*$/.test(value) && !/^(yes|no|true|false|null|~|\d+(\.\d+)?)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

/** The front-matter site: file names, folders, dates, titles, categories, tags, slugs and permalinks. */
function frontMatterSite(dir: string): void {
  fs.mkdirSync(path.join(dir, '_layouts'), { recursive: true });
  const zone = pick([null, 'Asia/Shanghai', 'America/Los_Angeles', 'Europe/London', 'Asia/Tokyo']);
  const config = [`title: fm`, `permalink: ${pick(PERMALINKS)}`, zone ? `timezone: ${zone}` : '', rnd() < 0.3 ? 'baseurl: /blog' : ''];
  if (rnd() < 0.3) config.push('future: true');
  // Front matter defaults for the posts under a folder (or all of them).
  if (rnd() < 0.4) {
    const scopes = Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => {
      const value = pick([
        'permalink: /:categories/:title/',
        'categories: [默认分类]',
        'category: Default Cat',
        'tags: [默认标签]',
        'title: 默认标题',
      ]);
      return `  - scope:\n      path: "${pick(['', 'tech', '技术', '_posts/2020', 'Notes/sub'])}"\n${rnd() < 0.7 ? '      type: posts\n' : ''}    values:\n      ${value}`;
    });
    config.push(`defaults:\n${scopes.join('\n')}`);
  }
  fs.writeFileSync(path.join(dir, '_config.yml'), config.filter(Boolean).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, '_layouts/default.html'), '{{ content }}\n');
  for (let i = 0; i < posts; i++) {
    const day = `${2015 + Math.floor(rnd() * 10)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    const lines = ['---'];
    if (rnd() < 0.85) lines.push(`title: ${yaml(pick(TITLES))}`);
    const categories = pick(CATEGORIES);
    if (categories !== null) lines.push(`${!Array.isArray(categories) && rnd() < 0.3 ? 'category' : 'categories'}: ${yaml(categories)}`);
    const tags = pick(TAGS);
    if (tags !== null) lines.push(`tags: ${yaml(tags)}`);
    const date = pick(DATES);
    if (date) lines.push(`date: ${date.replace('{d}', day)}`);
    if (rnd() < 0.15) lines.push(`slug: ${yaml(pick(['自定义', 'Custom Slug', 'a b c']))}`);
    if (rnd() < 0.05) lines.push(`published: ${pick(['false', 'true'])}`);
    if (rnd() < 0.1)
      lines.push(`permalink: ${pick(['/fixed-${i}/', '/:year/:title.html', '/p/:slug/', '/中文/:title/'])}`.replace('${i}', String(i)));
    lines.push('---', '正文内容。');
    const folder = pick(FOLDERS);
    fs.mkdirSync(path.join(dir, folder), { recursive: true });
    fs.writeFileSync(
      path.join(dir, folder, `${day}-${pick(NAMES)}-${i}.${pick(['md', 'md', 'markdown', 'html'])}`),
      lines.join('\n') + '\n',
    );
  }
}

/** Jekyll's answer for a site, built with the hook into `answer`. */
function jekyllBuild(site: string, answer: string): void {
  execFileSync(
    'jekyll',
    ['build', '--quiet', '--disable-disk-cache', '--source', site, '--destination', `${site}-site`, '--plugins', PLUGIN],
    { env: { ...process.env, TZ: 'UTC', FIXTURE_DUMP: answer }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

/** Posts whose fields or visible text differ from Jekyll's, with a line saying how. */
async function compare(site: string, answerFile: string): Promise<{ posts: number; differ: string[] }> {
  const { answer } = readJekyllAnswer(answerFile);
  const { engine } = await buildIndex({ site, config: [] });
  const ids = zhsearchIds(answer.posts);
  const squeeze = (s: string): string => s.replace(/\s+/g, '');
  const differ: string[] = [];
  for (const p of answer.posts) {
    const d = engine.get(ids.get(p.path)!);
    if (!d) {
      differ.push(`${p.path}: not indexed`);
      continue;
    }
    const ours = JSON.stringify({ url: d.url, date: d.date, title: d.title, categories: d.categories, tags: d.tags });
    const theirs = JSON.stringify({ url: p.url, date: p.date, title: p.title, categories: p.categories, tags: p.tags });
    if (ours !== theirs) differ.push(`${p.path}: ${ours} where Jekyll has ${theirs}`);
    const [a, b] = [squeeze(p.text), squeeze(d.text)];
    if (a === b) continue;
    let i = 0;
    while (a[i] === b[i]) i++;
    differ.push(`${p.path}: text …${b.slice(Math.max(0, i - 12), i + 30)}… where Jekyll has …${a.slice(Math.max(0, i - 12), i + 30)}…`);
  }
  return { posts: answer.posts.length, differ };
}

try {
  execFileSync('jekyll', ['--version'], { stdio: 'ignore' });
} catch {
  console.error('jekyll not found (Debian: apt-get install jekyll ruby-nokogiri)');
  process.exit(2);
}
const dir = args.keep ? path.resolve(String(args.keep)) : fs.mkdtempSync(path.join(os.tmpdir(), 'jekyll-fuzz-'));
fs.mkdirSync(dir, { recursive: true });
try {
  for (const [name, make] of [
    ['text', textSite],
    ['front-matter', frontMatterSite],
  ] as const) {
    const site = path.join(dir, name);
    fs.rmSync(site, { recursive: true, force: true });
    make(site);
    jekyllBuild(site, `${site}.json`);
    const { posts: published, differ } = await compare(site, `${site}.json`);
    console.log(`${name} (seed ${seed}): ${published} posts published by Jekyll, ${differ.length} differences`);
    for (const line of differ.slice(0, show)) console.log(`  ${line}`);
  }
} finally {
  if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
}
