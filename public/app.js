// The search page. State lives in the URL (?q=…&tag=…&category=…&sort=…&page=…), so a
// result page can be shared and the back button works. Highlighted text from the API is
// turned into DOM nodes (text plus <mark> elements): nothing is ever parsed as HTML.
// `&explain=1` shows under each hit why it ranks where it does (the API's `explain`), for
// a site owner weighing `boost`.

const PAGE_SIZE = 10;
const $ = (id) => document.getElementById(id);
const form = $('search-form');
const input = $('q');
const list = $('suggestions');
const statusLine = $('status');
const results = $('results');

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (s) => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]);

/** Appends escaped API markup to `el`: text nodes, and <mark> only where the API marked. */
export function appendMarked(el, markup) {
  markup.split(/(<mark>|<\/mark>)/).reduce((inMark, part) => {
    if (part === '<mark>') return true;
    if (part === '</mark>') return false;
    if (part) {
      const text = document.createTextNode(decode(part));
      if (inMark) el.appendChild(document.createElement('mark')).appendChild(text);
      else el.appendChild(text);
    }
    return inMark;
  }, false);
  return el;
}

function stateFromUrl() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get('q') ?? '',
    tags: p.getAll('tag'),
    categories: p.getAll('category'),
    sort: p.get('sort') === 'date' ? 'date' : 'relevance',
    page: Math.max(1, Number.parseInt(p.get('page') ?? '1', 10) || 1),
    explain: p.get('explain') === '1',
  };
}

function urlFor(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const t of s.tags) p.append('tag', t);
  for (const c of s.categories) p.append('category', c);
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.page > 1) p.set('page', String(s.page));
  if (s.explain) p.set('explain', '1');
  const qs = p.toString();
  return qs ? `/?${qs}` : '/';
}

let state = stateFromUrl();
let inflight = null;

function navigate(next) {
  state = next;
  history.pushState(null, '', urlFor(state));
  run();
}

async function run() {
  input.value = state.q;
  $('sort').value = state.sort;
  hideSuggestions();
  const hasFilter = state.tags.length > 0 || state.categories.length > 0;
  if (!state.q.trim() && !hasFilter) {
    results.replaceChildren();
    renderFacets({ categories: {}, tags: {} });
    $('pager').hidden = true;
    $('did-you-mean').hidden = true;
    statusLine.textContent = '输入关键词开始搜索，支持 "精确短语"、-排除词、A OR B、拼音。';
    return;
  }
  const p = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((state.page - 1) * PAGE_SIZE), sort: state.sort });
  if (state.q) p.set('q', state.q);
  for (const t of state.tags) p.append('tag', t);
  for (const c of state.categories) p.append('category', c);
  if (state.explain) p.set('explain', '1');
  inflight?.abort();
  const controller = (inflight = new AbortController());
  results.setAttribute('aria-busy', 'true');
  statusLine.className = '';
  statusLine.textContent = '搜索中…';
  try {
    const res = await fetch(`/api/search?${p}`, { signal: controller.signal });
    const body = await res.json();
    if (!res.ok) throw Object.assign(new Error(body?.error?.message ?? `HTTP ${res.status}`), { status: res.status });
    render(body);
  } catch (err) {
    if (err.name === 'AbortError') return;
    results.replaceChildren();
    $('pager').hidden = true;
    statusLine.className = 'error';
    // A 4xx is the query's fault (too long, a bad filter): say what to change.
    statusLine.textContent =
      err.status >= 400 && err.status < 500 ? `无法搜索：${err.message}` : `搜索服务暂时不可用，请稍后再试（${err.message}）`;
  } finally {
    if (inflight === controller) results.removeAttribute('aria-busy');
  }
}

function render(body) {
  const from = body.total === 0 ? 0 : body.offset + 1;
  const to = body.offset + body.hits.length;
  const pinyin = body.interpretedAs
    ? `（按拼音理解为：${body.interpretedAs.join('、')}）`
    : body.mainlandReading
      ? `（按大陆用语理解为：${body.mainlandReading}）`
      : '';
  const how =
    body.matched === 'any'
      ? `${pinyin}（没有文章包含全部词语，以下包含部分词语）`
      : body.matched === 'most'
        ? `${pinyin}（包含全部词语的文章不多，其后是包含部分词语的文章）`
        : pinyin;
  statusLine.textContent =
    body.total === 0
      ? `没有找到与“${state.q}”相关的文章`
      : `找到 ${body.total} 篇文章，第 ${from}–${to} 篇，用时 ${body.tookMs} 毫秒${how}`;
  const dym = $('did-you-mean');
  dym.hidden = !body.didYouMean;
  dym.replaceChildren();
  if (body.correctedQuery) {
    // Nothing was found as typed: the hits are the offered spelling's.
    dym.append(`没有找到“${state.q}”，以下是“${body.correctedQuery}”的结果`);
  } else if (body.didYouMean) {
    const a = document.createElement('a');
    a.href = urlFor({ ...state, q: body.didYouMean.query, page: 1 });
    a.textContent = body.didYouMean.query;
    a.addEventListener('click', (e) => {
      e.preventDefault();
      navigate({ ...state, q: body.didYouMean.query, page: 1 });
    });
    dym.append('你是不是要找：', a, `（${body.didYouMean.total} 篇）`);
  }
  results.replaceChildren(...body.hits.map(renderHit));
  renderFacets(body.facets);
  const pages = Math.ceil(body.total / PAGE_SIZE);
  $('pager').hidden = pages <= 1;
  $('page-label').textContent = `${state.page} / ${pages}`;
  $('prev').disabled = state.page <= 1;
  $('next').disabled = state.page >= pages;
}

function renderHit(hit) {
  const li = document.createElement('li');
  li.className = 'hit';
  const h = li.appendChild(document.createElement('h3'));
  const a = h.appendChild(document.createElement('a'));
  // The post on the site itself when the service knows the site's address (it may run on another host).
  a.href = hit.absoluteUrl || hit.url;
  appendMarked(a, hit.titleHighlight || '（无标题）');
  const meta = li.appendChild(document.createElement('div'));
  meta.className = 'meta';
  if (hit.date) meta.append(`${hit.date.slice(0, 10)} · `);
  if (hit.categories.length) meta.append(`${hit.categories.join(' / ')} · `);
  for (const t of hit.tags) {
    const tag = meta.appendChild(document.createElement('span'));
    tag.className = 'tag';
    tag.textContent = t;
  }
  appendMarked(li.appendChild(document.createElement('p')), hit.snippet);
  if (hit.explain) li.appendChild(explainLine(hit.explain, hit.score));
  return li;
}

const TIERS = {
  'whole-query': '整句出现',
  'other-spelling': '整句以另一种拼写出现',
  'every-part': '各部分都出现',
  'every-word': '包含全部词语',
  'some-words': '包含部分词语',
};

/** Why a hit ranks where it does, in one line (the API's `explain`). */
function explainLine(e, score) {
  const line = document.createElement('div');
  line.className = 'explain';
  const n = (x) => String(Math.round(x * 100) / 100);
  const parts = [
    `分数 ${n(score)}`,
    e.coverage === undefined ? TIERS[e.tier] : `${TIERS[e.tier]}（覆盖 ${n(e.coverage)}）`,
    e.fields
      ? `BM25 ${n(e.bm25)}（标题 ${n(e.fields.title)}，标签 ${n(e.fields.tags)}，${e.fields.categories ? `分类 ${n(e.fields.categories)}，` : ''}正文 ${n(e.fields.body)}）`
      : `BM25 ${n(e.bm25)}`,
    `邻近 ${n(e.proximity)}`,
    ...(e.freshness ? [`新近 ${n(e.freshness)}`] : []),
    `其他信号 ${n(e.signals)}`,
    // Below 1 only for a post listing the others (an archive): its score is weighed by its own share.
    ...(e.ownShare !== undefined && e.ownShare < 1 ? [`自有文字占比 ${n(e.ownShare)}`] : []),
  ];
  if (e.required.length) parts.push(`必需词：${e.required.join('、')}`);
  if (e.missing.length) parts.push(`缺少：${e.missing.join('、')}`);
  line.textContent = parts.join(' · ');
  return line;
}

function renderFacets(facets) {
  const build = (ul, counts, key) => {
    const selected = state[key];
    const names = [...new Set([...selected, ...Object.keys(counts)])];
    ul.replaceChildren(
      ...names.map((name) => {
        const li = document.createElement('li');
        const b = li.appendChild(document.createElement('button'));
        b.type = 'button';
        const on = selected.includes(name);
        b.setAttribute('aria-pressed', String(on));
        b.dataset.facet = key;
        b.dataset.value = name;
        b.append(name);
        const c = b.appendChild(document.createElement('span'));
        c.className = 'count';
        c.textContent = String(counts[name] ?? 0);
        b.addEventListener('click', () => {
          const next = on ? selected.filter((v) => v !== name) : [...selected, name];
          navigate({ ...state, [key]: next, page: 1 });
        });
        return li;
      }),
    );
  };
  build($('facet-categories'), facets.categories, 'categories');
  build($('facet-tags'), facets.tags, 'tags');
}

// Suggestions: debounced, ↑ ↓ to move, Enter to choose, Esc to close.
let timer = 0;
let active = -1;
let suggestController = null;

function hideSuggestions() {
  suggested = null;
  list.hidden = true;
  list.replaceChildren();
  input.setAttribute('aria-expanded', 'false');
  input.removeAttribute('aria-activedescendant');
  active = -1;
}

const suggestionCache = new Map(); // the last answers: a text typed again asks nothing

async function suggest() {
  const q = input.value.trim();
  if (!q) return hideSuggestions();
  suggestController?.abort();
  let suggestions = suggestionCache.get(q);
  if (!suggestions) {
    const controller = (suggestController = new AbortController());
    try {
      const res = await fetch(`/api/suggest?q=${encodeURIComponent(q)}&limit=8`, { signal: controller.signal });
      if (!res.ok) return hideSuggestions();
      ({ suggestions } = await res.json());
    } catch {
      return; // a newer keystroke aborted this request
    }
    suggestionCache.set(q, suggestions);
    if (suggestionCache.size > 30) suggestionCache.delete(suggestionCache.keys().next().value);
  }
  if (!suggestions.length || input.value.trim() !== q) return hideSuggestions();
  list.replaceChildren(
    ...suggestions.map((s, i) => {
      const li = document.createElement('li');
      li.id = `suggestion-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.dataset.text = s.text;
      li.append(s.text);
      const kind = li.appendChild(document.createElement('span'));
      kind.className = 'kind';
      kind.textContent = s.kind === 'title' ? '标题' : s.kind === 'pinyin' ? '拼音' : `${s.count} 篇`;
      li.addEventListener('mousedown', (e) => {
        e.preventDefault();
        choose(s.text);
      });
      return li;
    }),
  );
  list.hidden = false;
  input.setAttribute('aria-expanded', 'true');
  active = -1;
}

function highlight(i) {
  const items = [...list.children];
  if (!items.length) return;
  active = (i + items.length) % items.length;
  items.forEach((li, k) => li.setAttribute('aria-selected', String(k === active)));
  input.setAttribute('aria-activedescendant', items[active].id);
}

function choose(text) {
  input.value = text;
  navigate({ ...state, q: text, page: 1 });
}

// An input method's composition (pinyin → 乳山) is not the reader's text until it is
// committed: nothing is asked or shown while it lasts, and its keys (candidate arrows,
// the committing Enter) are its own. keyCode 229 marks them in browsers that end the
// composition before the key event.
let composing = false;
const composingKey = (e) => composing || e.isComposing || e.keyCode === 229;
let suggested = null; // the text whose suggestions are shown (or on their way)

function suggestSoon(ms) {
  clearTimeout(timer);
  timer = setTimeout(() => {
    const q = input.value.trim();
    if (q === suggested) return;
    suggested = q;
    suggest();
  }, ms);
}

input.addEventListener('compositionstart', () => {
  composing = true;
  clearTimeout(timer);
});
input.addEventListener('compositionend', () => {
  composing = false;
  suggestSoon(0);
});
input.addEventListener('input', (e) => {
  if (!composingKey(e)) suggestSoon(150);
});
input.addEventListener('keydown', (e) => {
  if (composingKey(e)) return;
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    if (list.hidden) return;
    e.preventDefault();
    highlight(active + (e.key === 'ArrowDown' ? 1 : -1));
  } else if (e.key === 'Enter' && !list.hidden && active >= 0) {
    e.preventDefault();
    choose(list.children[active].dataset.text);
  } else if (e.key === 'Escape') {
    if (list.hidden) input.blur();
    else hideSuggestions();
  }
});
input.addEventListener('blur', () => setTimeout(hideSuggestions, 100));
form.addEventListener('submit', (e) => {
  e.preventDefault();
  // Chromium submits on an Enter pressed inside a composition; that Enter only commits.
  if (composing) return;
  clearTimeout(timer);
  navigate({ ...state, q: input.value.trim(), page: 1 });
});
// `/` (when not typing in a field) and Ctrl/⌘-K jump to the search box.
document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || e.isComposing) return;
  const t = e.target;
  const typing = t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !typing;
  const k = (e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
  if (slash || k) {
    e.preventDefault();
    input.focus();
    input.select();
  }
});
$('sort').addEventListener('change', (e) => navigate({ ...state, sort: e.target.value, page: 1 }));
$('prev').addEventListener('click', () => navigate({ ...state, page: state.page - 1 }));
$('next').addEventListener('click', () => navigate({ ...state, page: state.page + 1 }));
window.addEventListener('popstate', () => {
  state = stateFromUrl();
  run();
});

run();
