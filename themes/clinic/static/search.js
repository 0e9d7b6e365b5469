// The search page: queries the site's own Pagefind index (under /pagefind/, served by this
// site, no third party) and shows results with highlighted excerpts and tag filters.
const root = document.querySelector('[data-search]');
const form = root.querySelector('form');
const input = root.querySelector('#search-input');
const status = root.querySelector('.search-status');
const list = root.querySelector('.search-results');
const filterBox = root.querySelector('.search-filters');
const filterList = root.querySelector('.search-filter-list');
const dateFormat = new Intl.DateTimeFormat(root.dataset.dateFormat || undefined, { dateStyle: 'long', timeZone: 'UTC' });
// The page's language gives the words (from the site's string tables) and the plural rules.
const text = root.dataset;
const plurals = new Intl.PluralRules(document.documentElement.lang || undefined);
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (whole, name) => values[name] ?? whole);

const pagefind = await import(`${root.dataset.bundle}pagefind.js`);
// The index stores each page's whole path (base path and language folder included): the
// engine must not prefix it with the folder the index sits in (`/es/` for `/es/pagefind/`).
await pagefind.options({ baseUrl: '/' });
await pagefind.init();

const params = new URLSearchParams(location.search);
input.value = params.get('q') ?? '';
const chosen = new Set(params.getAll('tag'));

const filters = (await pagefind.filters()).tag ?? {};
for (const [name, count] of Object.entries(filters).sort(([a], [b]) => a.localeCompare(b))) {
  const id = `tag-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const label = document.createElement('label');
  label.className = 'search-filter';
  label.htmlFor = id;
  const box = document.createElement('input');
  Object.assign(box, { type: 'checkbox', id, name: 'tag', value: name, checked: chosen.has(name) });
  box.addEventListener('change', () => run());
  label.append(box, ` ${name} (${count})`);
  filterList.append(label);
}
filterBox.hidden = Object.keys(filters).length === 0;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  run();
});
let pending;
input.addEventListener('input', () => {
  clearTimeout(pending);
  pending = setTimeout(run, 250);
});

function selectedTags() {
  return [...filterList.querySelectorAll('input:checked')].map((box) => box.value);
}

async function run() {
  const query = input.value.trim();
  const tags = selectedTags();
  const url = new URL(location.href);
  url.search = '';
  if (query) url.searchParams.set('q', query);
  for (const tag of tags) url.searchParams.append('tag', tag);
  history.replaceState(null, '', url);
  if (!query && tags.length === 0) {
    list.replaceChildren();
    status.textContent = '';
    return;
  }
  const search = await pagefind.search(query || null, tags.length ? { filters: { tag: { any: tags } } } : {});
  const results = await Promise.all(search.results.slice(0, 20).map((result) => result.data()));
  list.replaceChildren(...results.map(render));
  const about = query ? fill(text.textFor, { query }) : '';
  const within = tags.length ? fill(text.textTagged, { tags: tags.join(text.textOr) }) : '';
  const count = search.results.length;
  const form = text[`text${plurals.select(count).replace(/^./, (c) => c.toUpperCase())}`] ?? text.textOther;
  status.textContent = results.length === 0
    ? fill(text.textNone, { about, within })
    : fill(form, { count, about, within });
}

function render(data) {
  const item = document.createElement('li');
  item.className = 'search-result';
  const heading = document.createElement('h2');
  const link = document.createElement('a');
  link.href = data.url;
  link.textContent = data.meta.title ?? data.url;
  heading.append(link);
  item.append(heading);
  if (data.meta.date) {
    const date = document.createElement('p');
    date.className = 'meta';
    const time = document.createElement('time');
    time.dateTime = data.meta.date;
    time.textContent = dateFormat.format(new Date(`${data.meta.date}T00:00:00Z`));
    date.append(time);
    item.append(date);
  }
  const excerpt = document.createElement('p');
  // Pagefind escapes the page's text and marks the matched words with <mark>.
  excerpt.innerHTML = data.excerpt;
  item.append(excerpt);
  return item;
}

if (input.value || chosen.size) run();
