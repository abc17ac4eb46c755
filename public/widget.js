/*! zhsearch widget: <script src="https://search.example.com/widget.js" data-endpoint="https://search.example.com" defer></script>
 *  then <div data-zhsearch></div> anywhere on the page. Theme with CSS variables on the
 *  host element: --zhsearch-accent, --zhsearch-text, --zhsearch-muted, --zhsearch-bg,
 *  --zhsearch-mark, --zhsearch-radius, --zhsearch-font. Attributes on the element:
 *  data-placeholder, data-limit (default 6). Markup lives in a shadow root, so host
 *  styles do not reach it and its styles do not leak out. */
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
li a:hover,li a[aria-selected=true]{background:rgba(127,127,127,.12)}
.t{font-weight:600;color:var(--zhsearch-accent,#b4231b)}
.s{font-size:13px;opacity:.85}
.info{padding:8px 12px;font-size:13px;opacity:.75}
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

  function mount(host) {
    if (host.shadowRoot) return;
    const root = host.attachShadow({ mode: 'open' });
    const limit = Math.min(20, Number(host.dataset.limit) || 6);
    const style = document.createElement('style');
    style.textContent = CSS;
    const input = document.createElement('input');
    input.type = 'search';
    input.placeholder = host.dataset.placeholder || '搜索文章';
    input.setAttribute('aria-label', input.placeholder);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-expanded', 'false');
    const panel = document.createElement('div');
    panel.className = 'panel';
    panel.hidden = true;
    panel.setAttribute('role', 'listbox');
    panel.setAttribute('aria-live', 'polite');
    root.append(style, input, panel);
    let timer = 0;
    let ctrl = null;
    let active = -1;

    const close = () => {
      panel.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      active = -1;
    };
    const info = (text) => {
      const p = document.createElement('div');
      p.className = 'info';
      p.textContent = text;
      panel.replaceChildren(p);
      panel.hidden = false;
    };
    async function search() {
      const q = input.value.trim();
      if (!q) return close();
      if (ctrl) ctrl.abort();
      ctrl = new AbortController();
      try {
        const res = await fetch(`${endpoint}/api/search?q=${encodeURIComponent(q)}&limit=${limit}&snippetLength=60`, { signal: ctrl.signal });
        const body = await res.json();
        if (!res.ok) return info((body.error && body.error.message) || '搜索失败');
        if (!body.hits.length) return info(`没有找到“${q}”`);
        const ul = document.createElement('ul');
        for (const h of body.hits) {
          const a = ul.appendChild(document.createElement('li')).appendChild(document.createElement('a'));
          a.href = h.url;
          a.setAttribute('role', 'option');
          marked(a.appendChild(document.createElement('div')), h.titleHighlight || h.id).className = 't';
          marked(a.appendChild(document.createElement('div')), h.snippet).className = 's';
        }
        const more = document.createElement('div');
        more.className = 'info';
        more.textContent = `共 ${body.total} 篇`;
        panel.replaceChildren(ul, more);
        panel.hidden = false;
        input.setAttribute('aria-expanded', 'true');
        active = -1;
      } catch (e) {
        if (e.name !== 'AbortError') info('搜索服务暂时不可用');
      }
    }
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener('keydown', (e) => {
      const links = [...panel.querySelectorAll('a')];
      if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && links.length) {
        e.preventDefault();
        active = (active + (e.key === 'ArrowDown' ? 1 : -1) + links.length) % links.length;
        links.forEach((l, i) => l.setAttribute('aria-selected', String(i === active)));
      } else if (e.key === 'Enter' && active >= 0 && links[active]) {
        e.preventDefault();
        location.href = links[active].href;
      } else if (e.key === 'Escape') close();
    });
    document.addEventListener('click', (e) => {
      if (!e.composedPath().includes(host)) close();
    });
  }

  const start = () => document.querySelectorAll('[data-zhsearch]').forEach(mount);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
