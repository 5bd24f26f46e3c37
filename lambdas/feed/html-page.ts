import { createHash } from 'node:crypto';
import type { FeedDocument, FeedItemModel, FacetKind } from './feed-model.js';
import { FACET_KINDS, rfc3339 } from './feed-model.js';
import type { FacetValue } from './feed-set-plan.js';
import { escapeXml as esc } from './xml-text.js';

/**
 * The page a person lands on from a feed link: the newest items, filters that work from
 * file:// with no server and no network (everything is in the page, the script only hides
 * and shows), and links to every feed. A CSP allows exactly the one inline script and the one
 * inline style sheet, by hash; CloudFront and `rujp serve` send the same policy as a header.
 */

/** How many items the page lists at most: enough for the filters to find older regional news. */
export const PAGE_ITEM_LIMIT = 500;

const LANG_NAMES: Record<string, string> = { ru: 'Русский', en: 'English', ja: '日本語' };
/** Which side of the relationship a source speaks for: its registry tags.country. */
const SIDE_NAMES: Record<string, string> = { ru: 'Russian side', jp: 'Japanese side' };
const FILTER_TITLES: Record<FacetKind, string> = { region: 'Russian region', prefecture: 'Japanese prefecture', topic: 'Topic' };
const ALL_OPTION: Record<FacetKind, string> = { region: 'All regions', prefecture: 'All prefectures', topic: 'All topics' };

// Kept free of data so its hash, and with it the CSP, only changes when the code does.
const SCRIPT = `
(function () {
  var kinds = ['region', 'prefecture', 'topic', 'lang'];
  var items = Array.prototype.slice.call(document.querySelectorAll('#items > li'));
  var count = document.getElementById('count');
  var empty = document.getElementById('empty');
  function select(kind) { return document.getElementById('filter-' + kind); }
  function apply() {
    var shown = 0;
    var state = [];
    items.forEach(function (li) {
      var ok = kinds.every(function (kind) {
        var value = select(kind).value;
        return !value || (' ' + (li.getAttribute('data-' + kind) || '') + ' ').indexOf(' ' + value + ' ') >= 0;
      });
      li.hidden = !ok;
      if (ok) shown += 1;
    });
    kinds.forEach(function (kind) {
      var value = select(kind).value;
      if (value) state.push(kind + '=' + encodeURIComponent(value));
    });
    count.textContent = shown === items.length ? items.length + ' items' : shown + ' of ' + items.length + ' items';
    empty.hidden = shown !== 0;
    try { history.replaceState(null, '', state.length ? '#' + state.join('&') : location.pathname + location.search); } catch (e) { /* some file:// contexts forbid it */ }
  }
  function fromHash() {
    var pairs = location.hash.replace(/^#/, '').split('&');
    kinds.forEach(function (kind) { select(kind).value = ''; });
    pairs.forEach(function (pair) {
      var at = pair.indexOf('=');
      if (at < 0) return;
      var kind = pair.slice(0, at);
      var value = decodeURIComponent(pair.slice(at + 1));
      var el = kinds.indexOf(kind) >= 0 ? select(kind) : null;
      if (el && Array.prototype.some.call(el.options, function (o) { return o.value === value; })) el.value = value;
    });
    apply();
  }
  kinds.forEach(function (kind) { select(kind).addEventListener('change', apply); });
  document.getElementById('reset').addEventListener('click', function () { kinds.forEach(function (kind) { select(kind).value = ''; }); apply(); });
  window.addEventListener('hashchange', fromHash);
  document.documentElement.classList.add('js');
  fromHash();
})();
`;


const STYLE = `
:root { color-scheme: light dark; --fg: #1b1b1f; --muted: #5b5b66; --bg: #fdfdfc; --card: #fff; --line: #dedee3; --accent: #0b57d0; --tag: #eef2fb; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e8ec; --muted: #a5a5b0; --bg: #141418; --card: #1c1c22; --line: #34343d; --accent: #8ab4f8; --tag: #252a36; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans JP", sans-serif; color: var(--fg); background: var(--bg); }
main, header, footer { max-width: 50rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1.25rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
a { color: var(--accent); }
.lead, .meta, .also, #count { color: var(--muted); }
.subscribe { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; list-style: none; }
.subscribe a { display: inline-block; padding: .25rem .6rem; border: 1px solid var(--line); border-radius: 1rem; text-decoration: none; }
form { display: none; gap: .5rem; flex-wrap: wrap; align-items: end; margin: 1rem 0 .5rem; }
.js form { display: flex; }
label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); flex: 1 1 10rem; min-width: 0; }
select, button { font: inherit; padding: .35rem; border: 1px solid var(--line); border-radius: .4rem; background: var(--card); color: var(--fg); max-width: 100%; }
#items { list-style: none; padding: 0; margin: 0; }
#items > li { background: var(--card); border: 1px solid var(--line); border-radius: .6rem; padding: .75rem 1rem; margin: .75rem 0; overflow-wrap: anywhere; }
#items h2 { font-size: 1.1rem; margin: 0 0 .25rem; }
.meta, .also { font-size: .85rem; margin: .25rem 0; }
.summary { margin: .5rem 0; }
.tags { display: flex; flex-wrap: wrap; gap: .3rem; list-style: none; padding: 0; margin: .4rem 0 0; }
.tags li { background: var(--tag); border-radius: .3rem; padding: 0 .4rem; font-size: .8rem; }
.tags .region { border-left: 3px solid #c0392b; } .tags .prefecture { border-left: 3px solid #2e7d32; } .tags .topic { border-left: 3px solid #6a5acd; }
footer { padding-bottom: 2rem; }
footer h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
footer ul { padding-left: 1.2rem; margin: 0; }
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * What the page needs and nothing more: its one inline script and one inline style sheet (both
 * free of data, so their hashes change only with the code) and its empty data: icon (without it a
 * browser asks the server for /favicon.ico); no network, no plugins, no frames.
 * This is the `<meta>` form; `frame-ancestors` works only as a header (PAGE_CSP_HEADER).
 */
export const PAGE_CSP = `default-src 'none'; script-src ${sha256(SCRIPT)}; style-src ${sha256(STYLE)}; img-src data:; base-uri 'none'; form-action 'none'`;

/** The header CloudFront (lib/feed-distribution.ts) and `rujp serve` send with every file. */
export const PAGE_CSP_HEADER = `${PAGE_CSP}; frame-ancestors 'none'`;

function time(date: Date): string {
  const iso = rfc3339(date);
  return `<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC</time>`;
}

function ids(item: FeedItemModel, kind: FacetKind): string {
  return item.categories.filter((c) => c.kind === kind).map((c) => c.id).join(' ');
}

function side(item: FeedItemModel): string {
  if (!item.side) return '';
  const name = SIDE_NAMES[item.side] ?? `${item.side.toUpperCase()} side`;
  return ` · <span class="side side-${esc(item.side)}" title="the side the source speaks for">${esc(name)}</span>`;
}

function langLabel(item: FeedItemModel): string {
  if (item.lang === 'und') return '';
  return ` · <span class="lang" title="language of the item">${esc(LANG_NAMES[item.lang] ?? item.lang)}</span>`;
}

function itemHtml(item: FeedItemModel): string {
  const title = item.url ? `<a href="${esc(item.url)}" rel="noopener noreferrer">${esc(item.title)}</a>` : esc(item.title);
  const tags = item.categories.map((c) => `<li class="${c.kind}" title="${FILTER_TITLES[c.kind]}">${esc(c.label)}</li>`).join('');
  const others = item.alsoIn.map((other) =>
    /^https?:\/\//i.test(other.url)
      ? `<a href="${esc(other.url)}" rel="noopener noreferrer" title="${esc(other.title)}">${esc(other.sourceName)}</a>`
      : esc(other.sourceName),
  );
  const lang = item.lang === 'und' ? '' : esc(item.lang);
  return [
    `<li data-region="${ids(item, 'region')}" data-prefecture="${ids(item, 'prefecture')}" data-topic="${ids(item, 'topic')}" data-lang="${lang}" data-side="${item.side ? esc(item.side) : ''}">`,
    `<article lang="${lang}">`,
    `<h2>${title}</h2>`,
    `<p class="meta"><span class="source">${esc(item.source.name)}</span>${side(item)}${langLabel(item)} · ${time(item.publishedAt)}${item.dateEstimated ? ' <span title="date not stated by the source; time it was found">(approx.)</span>' : ''}</p>`,
    item.summary ? `<p class="summary">${esc(item.summary)}</p>` : '',
    tags ? `<ul class="tags">${tags}</ul>` : '',
    others.length ? `<p class="also">Also in: ${others.join(', ')}</p>` : '',
    '</article>',
    '</li>',
  ].filter(Boolean).join('\n');
}

function relative(feed: FeedDocument, format: 'feed.xml' | 'atom.xml' | 'feed.json'): string {
  return `${feed.dir}${format}`;
}

function filterSelect(kind: FacetKind, values: readonly FacetValue[]): string {
  const options = values.map((v) => `<option value="${esc(v.id)}">${esc(v.label)} (${v.count})</option>`).join('');
  return `<label>${FILTER_TITLES[kind]}<select id="filter-${kind}"><option value="">${ALL_OPTION[kind]}</option>${options}</select></label>`;
}

function langSelect(items: readonly FeedItemModel[]): string {
  const counts = new Map<string, number>();
  for (const item of items) if (item.lang !== 'und') counts.set(item.lang, (counts.get(item.lang) ?? 0) + 1);
  const options = [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([lang, n]) => `<option value="${esc(lang)}">${esc(LANG_NAMES[lang] ?? lang)} (${n})</option>`)
    .join('');
  return `<label>Language<select id="filter-lang"><option value="">All languages</option>${options}</select></label>`;
}

function feedLinks(feeds: readonly FeedDocument[]): string {
  const groups = FACET_KINDS.map((kind) => {
    const group = feeds.filter((f) => f.facet?.kind === kind);
    if (group.length === 0) return '';
    const rows = group.map((f) =>
      `<li>${esc(f.facet?.label ?? f.title)}: <a href="${esc(relative(f, 'feed.xml'))}">RSS</a> · <a href="${esc(relative(f, 'atom.xml'))}">Atom</a> · <a href="${esc(relative(f, 'feed.json'))}">JSON</a></li>`,
    );
    return `<h3>Feeds per ${FILTER_TITLES[kind].toLowerCase()}</h3>\n<ul>\n${rows.join('\n')}\n</ul>`;
  });
  return groups.filter(Boolean).join('\n');
}

/** The static page (index.html beside the feeds). `feeds[0]` is the main feed; `items` are sorted newest first. */
export function renderHtmlPage(
  feeds: readonly FeedDocument[],
  items: readonly FeedItemModel[],
  facets: Record<FacetKind, FacetValue[]>,
  site: { title: string; description: string; homeUrl: string },
): string {
  const main = feeds[0];
  if (!main) throw new Error('renderHtmlPage: the feed set has no main feed');
  const shown = items.slice(0, PAGE_ITEM_LIMIT);
  const csp = PAGE_CSP;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${esc(site.title)}</title>
<meta name="description" content="${esc(site.description)}">
<link rel="alternate" type="application/rss+xml" title="${esc(main.title)} (RSS)" href="feed.xml">
<link rel="alternate" type="application/atom+xml" title="${esc(main.title)} (Atom)" href="atom.xml">
<link rel="alternate" type="application/feed+json" title="${esc(main.title)} (JSON Feed)" href="feed.json">
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(site.title)}</h1>
<p class="lead">${esc(site.description)} Updated ${time(main.updated)}.</p>
<ul class="subscribe">
<li><a href="feed.xml">RSS</a></li>
<li><a href="atom.xml">Atom</a></li>
<li><a href="feed.json">JSON Feed</a></li>
<li><a href="feeds.opml">All feeds (OPML)</a></li>
<li><a href="${esc(site.homeUrl)}">About</a></li>
</ul>
</header>
<main>
<form id="filters">
${filterSelect('region', facets.region)}
${filterSelect('prefecture', facets.prefecture)}
${filterSelect('topic', facets.topic)}
${langSelect(shown)}
<button type="button" id="reset">Show all</button>
</form>
<p id="count" aria-live="polite">${shown.length} items</p>
<p id="empty" hidden>No items match these filters.</p>
<ol id="items">
${shown.map(itemHtml).join('\n')}
</ol>
</main>
<footer>
<h2>Subscribe</h2>
<p>Main feed: <a href="feed.xml">RSS</a> · <a href="atom.xml">Atom</a> · <a href="feed.json">JSON Feed</a> · <a href="feeds.opml">OPML of all feeds</a></p>
${feedLinks(feeds)}
</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
