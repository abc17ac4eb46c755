/*! zhsearch widget: <script src="https://search.example.com/widget.js" data-endpoint="https://search.example.com" defer></script>
 *  then <div data-zhsearch></div> anywhere on the page. Theme with CSS variables on the
 *  host element: --zhsearch-accent, --zhsearch-text, --zhsearch-muted, --zhsearch-bg,
 *  --zhsearch-mark, --zhsearch-radius, --zhsearch-font. Attributes on the element:
 *  data-placeholder, data-limit (default 6, at most 20), data-category and data-tag
 *  (comma-separated: only posts in one of the categories and with every tag),
 *  data-shortcuts="off" (no `/` and Ctrl/⌘-K). Markup lives in a shadow root, so host
 *  styles do not reach it and its styles do not leak out. Input-method compositions
 *  (pinyin) send nothing until they are committed. */
(() => {
  const script = document.currentScript;
  const endpoint = ((script && script.dataset.endpoint) || (script ? new URL(script.src).origin : location.origin)).replace(/\/+$/, '');
  const ENT = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  const decode = (s) => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENT[m]);
  const CSS = `
:host{display:block;position:relative;font-family:var(--zhsearch-font,system-ui,"Noto Sans CJK SC",sans-serif);color:var(--zhsearch-text,#1f2328)}
input{width:100%;box-sizing:border-box;font:inherit;font-size:16px;padding:8px 12px;border:2px solid var(--zhsearch-muted,#d0d7de);border-radius:var(--zhsearch-radius,8px);background:var(--zhsearch-bg,#fff);color:inherit}
input:focus{outline:none;border-color:var(--zhsearch-accent,#b4231b)}
.panel{position:absolute;left:0;right:0;top:100%;margin-top:4px;background:var(--zhsearch-bg,#fff);border:1px solid var(--zhsearch-muted,#d0d7de);border-radius:var(--zhsearch-radius,8px);box-shadow:0 8px 24px rgba(0,0,0,.15);max-height:70vh;overflow:auto;z-index:2147483000}
.panel[hidden]{display:none}
ul{list-style:none;margin:0;padding:4px 0}
li a{display:block;padding:8px 12px;color:inherit;text-decoration:none}
li a:hover,li[aria-selected=true] a{background:rgba(127,127,127,.12)}
li[aria-selected=true] a{box-shadow:inset 3px 0 var(--zhsearch-accent,#b4231b)}
input:focus-visible{box-shadow:0 0 0 3px color-mix(in srgb,var(--zhsearch-accent,#b4231b) 35%,transparent)}
.t{font-weight:600;color:var(--zhsearch-accent,#b4231b)}
.s{font-size:13px;opacity:.85}
.info{padding:8px 12px;font-size:13px;opacity:.75}
.info a{color:var(--zhsearch-accent,#b4231b)}
mark{background:var(--zhsearch-mark,#fff1a8);color:inherit}`;

  function marked(el, markup) {
    let on = false;
    for (const part of String(markup).split(/(<mark>|<\/mark>)/)) {
      if (part === '<mark>') on = true;
      else if (part === '</mark>') on = false;
      else if (part) (on ? el.appendChild(document.createElement('mark')) : el).appendChild(document.createTextNode(decode(part)));
    }
    return el;
  }

  // Keys that belong to an input method while it composes (keyCode 229: browsers that
  // report the composing key that way, such as Safari after compositionend).
  const composingKey = (e, composing) => composing || e.isComposing || e.keyCode === 229;
  let shortcutOwner = null;

  function mount(host) {
    if (host.shadowRoot) return;
    const root = host.attachShadow({ mode: 'open' });
    const data = host.dataset;
    const limit = Math.min(20, Number(data.limit) || 6);
    // A scoped box: data-category / data-tag (comma-separated) become the API's filters.
    const scope = new URLSearchParams({ limit: String(limit), snippetLength: '60' });
    for (const [attr, param] of [
      ['category', 'category'],
      ['tag', 'tag'],
    ])
      for (const v of (data[attr] || '').split(',')) if (v.trim()) scope.append(param, v.trim());
    const style = document.createElement('style');
    style.textContent = CSS;
    const input = document.createElement('input');
    input.type = 'search';
    input.placeholder = data.placeholder || '搜索文章';
    input.setAttribute('aria-label', input.placeholder);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', 'zs-list');
    input.autocomplete = 'off';
    const panel = document.createElement('div');
    panel.className = 'panel';
    panel.hidden = true;
    panel.setAttribute('aria-live', 'polite');
    root.append(style, input, panel);
    let timer = 0;
    let ctrl = null;
    let active = -1;
    let composing = false;
    let shown = null; // the query whose answer is on screen (or on its way)
    const cache = new Map(); // the last answers, so retyping a query sends nothing

    const close = () => {
      panel.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    };
    const info = (text) => {
      const p = document.createElement('div');
      p.className = 'info';
      p.textContent = text;
      panel.replaceChildren(p);
      panel.hidden = false;
    };
    // A spelling offered (didYouMean) and not already searched: a link that searches it.
    const offer = (body) => {
      if (!body.didYouMean || body.correctedQuery) return null;
      const p = document.createElement('div');
      p.className = 'info';
      const a = document.createElement('a');
      a.href = '#';
      a.textContent = body.didYouMean.query;
      a.addEventListener('click', (e) => {
        e.preventDefault();
        input.value = body.didYouMean.query;
        input.focus();
        search();
      });
      p.append('你是不是要找：', a);
      return p;
    };
    const render = (q, body) => {
      if (!body.hits.length) {
        info(`没有找到“${q}”`);
        const o = offer(body);
        if (o) panel.append(o);
        return;
      }
      const ul = document.createElement('ul');
      ul.id = 'zs-list';
      ul.setAttribute('role', 'listbox');
      ul.setAttribute('aria-label', input.placeholder);
      body.hits.forEach((h, i) => {
        const li = ul.appendChild(document.createElement('li'));
        li.id = `zs-opt-${i}`;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        const a = li.appendChild(document.createElement('a'));
        a.href = h.url;
        a.tabIndex = -1;
        marked(a.appendChild(document.createElement('div')), h.titleHighlight || h.id).className = 't';
        marked(a.appendChild(document.createElement('div')), h.snippet).className = 's';
      });
      const more = document.createElement('div');
      more.className = 'info';
      more.textContent = `共 ${body.total} 篇`;
      const parts = [ul, more];
      const o = offer(body);
      if (o) parts.unshift(o);
      if (body.correctedQuery) {
        // Nothing was found as typed: the hits are the offered spelling's.
        const note = document.createElement('div');
        note.className = 'info';
        note.textContent = `没有找到“${q}”，以下是“${body.correctedQuery}”的结果`;
        parts.unshift(note);
      }
      panel.replaceChildren(...parts);
      panel.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    };
    async function search() {
      const q = input.value.trim();
      if (q === shown) return;
      shown = q;
      if (ctrl) ctrl.abort();
      if (!q) return close();
      if (cache.has(q)) return render(q, cache.get(q));
      ctrl = new AbortController();
      try {
        const params = new URLSearchParams(scope);
        params.set('q', q);
        const res = await fetch(`${endpoint}/api/search?${params}`, { signal: ctrl.signal });
        const body = await res.json();
        if (!res.ok) return info((body.error && body.error.message) || '搜索失败');
        cache.set(q, body);
        if (cache.size > 20) cache.delete(cache.keys().next().value);
        render(q, body);
      } catch (e) {
        if (e.name !== 'AbortError') {
          shown = null;
          info('搜索服务暂时不可用');
        }
      }
    }
    const later = (ms) => {
      clearTimeout(timer);
      timer = setTimeout(search, ms);
    };
    input.addEventListener('compositionstart', () => {
      composing = true;
      clearTimeout(timer);
    });
    input.addEventListener('compositionend', () => {
      composing = false;
      later(0);
    });
    input.addEventListener('input', (e) => {
      if (!composingKey(e, composing)) later(200);
    });
    input.addEventListener('keydown', (e) => {
      if (composingKey(e, composing)) return;
      const options = [...panel.querySelectorAll('[role=option]')];
      if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && options.length && !panel.hidden) {
        e.preventDefault();
        active = (active + (e.key === 'ArrowDown' ? 1 : -1) + options.length) % options.length;
        options.forEach((o, i) => o.setAttribute('aria-selected', String(i === active)));
        input.setAttribute('aria-activedescendant', options[active].id);
        options[active].scrollIntoView({ block: 'nearest' });
      } else if (e.key === 'Enter' && active >= 0 && options[active] && !panel.hidden) {
        e.preventDefault();
        location.href = options[active].firstChild.href;
      } else if (e.key === 'Escape') {
        if (panel.hidden) input.blur();
        else close();
      }
    });
    input.addEventListener('focus', () => {
      if (shown && input.value.trim() === shown && panel.firstChild) {
        panel.hidden = false;
        input.setAttribute('aria-expanded', String(!!panel.querySelector('[role=option]')));
      }
    });
    document.addEventListener('click', (e) => {
      if (!e.composedPath().includes(host)) close();
    });
    // `/` (outside other fields) and Ctrl/⌘-K go to the first box on the page.
    if (!shortcutOwner && data.shortcuts !== 'off') {
      shortcutOwner = host;
      document.addEventListener('keydown', (e) => {
        if (e.defaultPrevented || e.isComposing) return;
        const t = e.composedPath()[0];
        const typing = t && t.nodeType === 1 && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
        const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !typing;
        const k = (e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
        if (slash || k) {
          e.preventDefault();
          input.focus();
          input.select();
        }
      });
    }
  }

  const start = () => document.querySelectorAll('[data-zhsearch]').forEach(mount);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
