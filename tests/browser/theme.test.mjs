// Browser tests of the clinic theme, run by scripts/test after it has installed Chromium and
// these npm packages. They build the demo site and every example with the salve binary named by
// SALVE_BIN, serve each from 127.0.0.1, and check what a patient's browser would meet:
// valid HTML (Nu Html Checker), accessibility (axe-core in Chromium, light and dark, phone and
// desktop widths), privacy (no request leaves 127.0.0.1), a clean printed handout, Lighthouse
// scores, and screenshots under target/screenshots/ for people to look at.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, statSync, existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, dirname, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const salve = process.env.SALVE_BIN ?? join(repo, 'target', 'debug', 'salve');
const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const vnuJar = join(here, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const screenshots = join(repo, 'target', 'screenshots');
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'];

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.xml': 'application/xml',
  '.txt': 'text/plain', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp',
  '.pdf': 'application/pdf', '.json': 'application/json', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
};

/** Serves `root` on 127.0.0.1 like a static host: directory index, 404.html for the rest. */
function serve(root) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    let file = join(root, path);
    if (!file.startsWith(root)) file = '';
    if (file && existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    const found = file && existsSync(file) && statSync(file).isFile();
    const body = readFileSync(found ? file : join(root, '404.html'));
    const type = found ? types[extname(file)] : types['.html'];
    response.writeHead(found ? 200 : 404, { 'content-type': type ?? 'application/octet-stream' });
    response.end(body);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** Builds a site folder with salve into `output`, for publication at `baseUrl`. */
function build(siteDir, output, baseUrl) {
  execFileSync(salve, ['build', '--root', siteDir, '--output', output, '--base-url', baseUrl, '--quiet'], { stdio: 'inherit' });
}

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.html')).map((f) => join(dir, f));
}

const sites = [{ name: 'demo', dir: repo }];
for (const name of readdirSync(join(repo, 'examples')).sort()) {
  sites.push({ name: `examples/${name}`, dir: join(repo, 'examples', name) });
}

let browser;
const served = new Map();

before(async () => {
  for (const site of sites) {
    const output = join(mkdtempSync(join(tmpdir(), 'salve-browser-')), 'site');
    const server = await serve(output);
    const base = `http://127.0.0.1:${server.address().port}/`;
    build(site.dir, output, base);
    served.set(site.name, { output, server, base });
  }
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  mkdirSync(screenshots, { recursive: true });
});

after(async () => {
  await browser?.close();
  for (const { server, output } of served.values()) {
    server.close();
    rmSync(dirname(output), { recursive: true, force: true });
  }
});

/** Opens a page in a fresh context and records every request it makes. */
async function open(url, { width = 1280, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, javaScriptEnabled: true });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  const response = await page.goto(url, { waitUntil: 'load' });
  return { context, page, requests, response };
}

function demoPages() {
  const { base } = served.get('demo');
  return {
    home: base,
    post: `${base}posts/ketamine-infusions/`,
    tags: `${base}tags/`,
    tag: `${base}tags/nerve-pain/`,
    about: `${base}about/`,
    notice: `${base}privacy-practices/`,
    people: `${base}people/`,
    person: `${base}people/mortega/`,
    locations: `${base}locations/`,
    archive: `${base}archive/`,
    video: `${base}posts/moving-with-back-pain/`,
    faq: `${base}posts/your-first-visit/`,
    notFound: `${base}no/such/page/`,
    esHome: `${base}es/`,
    esPost: `${base}es/posts/primera-visita/`,
    esTag: `${base}es/tags/ketamina/`,
    esNotice: `${base}es/no-discriminacion/`,
    esPerson: `${base}es/people/mortega/`,
    esSearch: `${base}es/search/`,
    esNotFound: `${base}es/404.html`,
  };
}

test('a video asks nothing of its host until play is pressed, then loads the no-cookie player', async () => {
  const context = await browser.newContext();
  // The player is never fetched for real: the test answers for its host.
  await context.route('https://www.youtube-nocookie.com/**', (route) => route.fulfill({
    status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>player</title>',
  }));
  const page = await context.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(demoPages().video, { waitUntil: 'load' });
  await page.waitForTimeout(300);
  const elsewhere = () => requests.filter((url) => new URL(url).hostname !== '127.0.0.1');
  assert.deepEqual(elsewhere(), [], 'before play, only 127.0.0.1');
  assert.equal(await page.locator('iframe').count(), 0);
  const poster = page.locator('figure.video-embed img.video-poster');
  // The poster is lazy, and below the post's lead image: it loads once scrolled to.
  await poster.scrollIntoViewIfNeeded();
  await poster.evaluate((img) => img.decode());
  assert.ok(await poster.evaluate((img) => img.complete && img.naturalWidth > 0), 'the poster is shown');
  await page.locator('figure.video-embed a.video-link').focus();
  await page.keyboard.press('Enter');
  const frame = page.locator('figure.video-embed iframe');
  await frame.waitFor();
  assert.equal(await frame.getAttribute('src'), 'https://www.youtube-nocookie.com/embed/Rb7xQ2nYb4M?autoplay=1');
  assert.equal(await frame.getAttribute('title'), 'Three gentle stretches for a stiff lower back');
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'IFRAME', 'focus moves to the player');
  assert.deepEqual([...new Set(elsewhere().map((url) => new URL(url).hostname))], ['www.youtube-nocookie.com']);
  await context.close();
});

test('at 375 px the browser picks a resized WebP narrower than the original photo', async () => {
  const { context, page } = await open(demoPages().video, { width: 375 });
  const chosen = async (img) => {
    await img.scrollIntoViewIfNeeded();
    return img.evaluate(async (element) => {
      await element.decode();
      // naturalWidth is scaled by the srcset's density: the file's own width is in its name.
      const width = Number(/-(\d+)w\.webp$/.exec(element.currentSrc)?.[1]);
      return { src: element.currentSrc, width, shown: element.clientWidth, loading: element.loading };
    });
  };
  // The lead image (2400 px wide) fills a column of 343 px: the 480 px file is enough.
  const lead = await chosen(page.locator('img.lead-image'));
  assert.match(lead.src, /walking-path-480w\.webp$/);
  assert.ok(lead.width < 2400 && lead.width >= lead.shown, JSON.stringify(lead));
  assert.notEqual(lead.loading, 'lazy');
  const chart = await chosen(page.locator('.post-body figure picture img'));
  assert.match(chart.src, /walking-plan-480w\.webp$/);
  assert.ok(chart.width < 1600 && chart.width >= chart.shown, JSON.stringify(chart));
  assert.equal(chart.loading, 'lazy');
  await context.close();
});

test('the Nu Html Checker finds no error on any page of the demo or an example', () => {
  for (const site of sites) {
    const files = htmlFiles(served.get(site.name).output);
    assert.ok(files.length > 0, `${site.name} has pages`);
    let report;
    try {
      report = execFileSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (failure) {
      report = failure.stderr || failure.stdout;
    }
    const messages = report.trim() ? JSON.parse(report).messages : [];
    assert.deepEqual(messages.map((m) => `${m.url}:${m.lastLine}: ${m.message}`), [], `${site.name}: HTML errors`);
  }
});

test('the checkers themselves catch what they look for', async (t) => {
  // Guards against a test that cannot fail: a broken page must be reported by each tool.
  const brokenDir = mkdtempSync(join(tmpdir(), 'salve-broken-'));
  t.after(() => rmSync(brokenDir, { recursive: true, force: true }));
  const broken = join(brokenDir, 'broken.html');
  writeFileSync(broken, '<!DOCTYPE html><html lang="en"><title>x</title><p><div>bad nesting</p><img src="https://cdn.example/x.png">');
  let report = '';
  try {
    execFileSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', broken], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (failure) {
    report = failure.stderr.toString();
  }
  assert.ok(JSON.parse(report).messages.length > 0, 'the Nu checker reports errors');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setContent('<!DOCTYPE html><html><body><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><a href="#"></a></body></html>');
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), axeTags);
  const ids = result.violations.map((v) => v.id);
  assert.ok(ids.includes('image-alt') && ids.includes('html-has-lang'), `axe reports ${ids}`);
  await context.close();
});

test('axe-core finds no violation in light and dark, at 375 and 1280 px', async () => {
  const problems = [];
  for (const [name, url] of Object.entries(demoPages())) {
    for (const colorScheme of ['light', 'dark']) {
      for (const width of [375, 1280]) {
        const { context, page } = await open(url, { width, colorScheme });
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), axeTags);
        assert.ok(result.passes.length > 20, `${name}: axe ran its rules (${result.passes.length} passed)`);
        for (const violation of result.violations) {
          problems.push(`${name} ${colorScheme} ${width}px: ${violation.id}: ${violation.help} (${violation.nodes.map((n) => n.target.join(' ')).join(', ')})`);
        }
        await context.close();
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('no page loads anything from another origin, and the network log shows 127.0.0.1 only', async () => {
  const problems = [];
  for (const site of sites) {
    const { output, base } = served.get(site.name);
    for (const file of htmlFiles(output)) {
      const path = relative(output, file).replaceAll('\\', '/').replace(/index\.html$/, '');
      const { context, page, requests } = await open(base + path);
      if (readFileSync(file, 'utf8').includes('http-equiv="refresh"')) {
        // A redirect page moves on by itself; its target is checked as a page of its own.
        await page.waitForTimeout(300);
        for (const url of requests) {
          if (new URL(url).hostname !== '127.0.0.1') problems.push(`${site.name} ${path}: ${url}`);
        }
        await context.close();
        continue;
      }
      const resources = await page.evaluate(() => {
        const urls = [];
        const take = (selector, attribute) => document.querySelectorAll(selector).forEach((element) => {
          const value = element.getAttribute(attribute);
          if (value) urls.push(new URL(value, document.baseURI).href);
        });
        take('script[src]', 'src');
        take('link[href]:not([rel~="canonical"]):not([rel~="alternate"]):not([rel~="me"])', 'href');
        take('img[src]', 'src');
        take('iframe[src], frame[src], embed[src]', 'src');
        take('video[src], audio[src], source[src], track[src]', 'src');
        take('object[data]', 'data');
        take('video[poster]', 'poster');
        document.querySelectorAll('img[srcset], source[srcset]').forEach((element) => {
          for (const part of element.getAttribute('srcset').split(',')) urls.push(new URL(part.trim().split(/\s+/)[0], document.baseURI).href);
        });
        return urls;
      });
      for (const url of [...resources, ...requests]) {
        if (new URL(url).hostname !== '127.0.0.1') problems.push(`${site.name} ${path || '/'}: ${url}`);
      }
      await context.close();
    }
  }
  assert.deepEqual(problems, []);
});

test('pages work with JavaScript off and need exactly one stylesheet', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const url of Object.values(demoPages())) {
    await page.goto(url);
    assert.equal(await page.locator('h1').count(), 1, `${url}: one h1`);
    assert.equal(await page.locator('link[rel="stylesheet"]').count(), 1, `${url}: one stylesheet`);
    // The one script file a page may load is the video facades' (deferred): without it the
    // facade is a plain link to the video.
    const scripts = await page.locator('script[src]').evaluateAll((all) => all.map((s) => s.getAttribute('src')));
    // The search pages load the search engine's script, which alone needs JavaScript.
    const expected = url === demoPages().video ? ['/video.js'] : url.endsWith('/search/') ? ['/search.js'] : [];
    assert.deepEqual(scripts, expected, `${url}: script files`);
    if (url === demoPages().video) {
      assert.equal(await page.locator('figure.video-embed a.video-link').getAttribute('href'), 'https://www.youtube.com/watch?v=Rb7xQ2nYb4M', 'without JavaScript the facade is a link');
    }
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(background, 'rgba(0, 0, 0, 0)', `${url}: the stylesheet applies`);
  }
  await context.close();
});

test('a post prints as a clean handout', async () => {
  const { context, page } = await open(demoPages().post);
  await page.emulateMedia({ media: 'print' });
  const pdf = join(screenshots, 'post-print.pdf');
  await page.pdf({ path: pdf, format: 'Letter', printBackground: false });
  await context.close();
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  assert.match(text, /Ketamine infusions for chronic pain: what patients should know/);
  assert.match(text, /not medical advice/, 'the disclaimer');
  assert.match(text, /\(555\) 013-2040/, 'the clinic phone');
  assert.match(text, /Last reviewed February 3, 2026/, 'the review date');
  assert.match(text, /This page: http:\/\/127\.0\.0\.1:\d+\/posts\/ketamine-infusions\//, "the page's address");
  assert.match(text, /\(https:\/\/doi\.org\/10\.1097\/AAP\.0000000000000808\)/, 'link URLs after link text');
  for (const absent of ['Featured posts', 'Recent posts', 'Search by tags', 'Follow us', 'Skip to content', 'Back to top', 'On this page']) {
    assert.ok(!text.includes(absent), `the handout shows "${absent}"`);
  }
});

test('screenshots of home and post, both widths, light and dark', async () => {
  const { home, post } = demoPages();
  for (const [name, url] of Object.entries({ home, post })) {
    for (const colorScheme of ['light', 'dark']) {
      for (const width of [375, 1280]) {
        const { context, page } = await open(url, { width, colorScheme });
        const file = join(screenshots, `${name}-${colorScheme}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        assert.ok(statSync(file).size > 10_000, `${file} has content`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${name} ${colorScheme} ${width}px scrolls sideways by ${overflow}px`);
        await context.close();
      }
    }
  }
});

test('the page reflows at 320 px without sideways scrolling', async () => {
  for (const url of Object.values(demoPages())) {
    const { context, page } = await open(url, { width: 320 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${url} scrolls sideways by ${overflow}px at 320 px`);
    await context.close();
  }
});

test('search finds posts, narrows by tag, says when nothing matches, and stays on 127.0.0.1', async () => {
  const { base } = served.get('demo');
  const { context, page, requests } = await open(base);
  await page.fill('#site-search-input', 'ketamine');
  await page.press('#site-search-input', 'Enter');
  await page.waitForURL(/\/search\/\?q=ketamine/);
  await page.waitForSelector('.search-result');
  const titles = await page.locator('.search-result h2 a').allTextContents();
  assert.match(titles[0], /^Ketamine infusions for chronic pain/, `first result: ${titles}`);
  assert.ok(await page.locator('.search-result mark').count() > 0, 'matched words are highlighted');
  assert.match(await page.locator('.search-status').textContent(), /results? for “ketamine”/);

  await page.fill('#search-input', 'pain');
  await page.press('#search-input', 'Enter');
  await page.waitForFunction(() => document.querySelector('.search-status').textContent.includes('“pain”'));
  const all = await page.locator('.search-result').count();
  await page.check('input[name="tag"][value="Back pain"]');
  await page.waitForFunction(() => document.querySelector('.search-status').textContent.includes('tagged Back pain'));
  const narrowed = await page.locator('.search-result h2 a').allTextContents();
  assert.ok(narrowed.length > 0 && narrowed.length < all, `the tag narrows ${all} results to ${narrowed.length}`);
  const backPain = await page.context().newPage();
  await backPain.goto(`${base}tags/back-pain/`);
  const tagged = await backPain.locator('.post-card h2').allTextContents();
  for (const title of narrowed) assert.ok(tagged.map((t) => t.trim()).includes(title.trim()), `${title} is tagged Back pain`);
  await backPain.close();

  await page.uncheck('input[name="tag"][value="Back pain"]');
  await page.fill('#search-input', 'xylophonequux');
  await page.press('#search-input', 'Enter');
  await page.waitForFunction(() => document.querySelector('.search-status').textContent.startsWith('No results'));
  assert.equal(await page.locator('.search-result').count(), 0);

  await page.fill('#search-input', 'nerve');
  await page.press('#search-input', 'Enter');
  await page.waitForSelector('.search-result');
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), axeTags);
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  for (const url of requests) assert.equal(new URL(url).hostname, '127.0.0.1', url);
  await context.close();
});

/** Runs queries against a built site's index with the search page's own engine, returning
 * each query's results in order (URL, title and excerpt of the first five) and their count. */
async function searchResults(base, queries) {
  const { context, page } = await open(`${base}search/`);
  const results = await page.evaluate(async ({ bundle, queries }) => {
    const pagefind = await import(bundle);
    await pagefind.init();
    const answers = [];
    for (const { query, filters } of queries) {
      const search = await pagefind.search(query, filters ? { filters } : {});
      const top = await Promise.all(search.results.slice(0, 5).map((result) => result.data()));
      answers.push({ count: search.results.length, top: top.map((d) => ({ url: new URL(d.url, location.href).pathname, title: d.meta.title, excerpt: d.excerpt })) });
    }
    return answers;
  }, { bundle: `${base}pagefind/pagefind.js`, queries });
  await context.close();
  return results;
}

test('search quality on the demo: stemming, several words, a tag filter, pages, no result', async () => {
  const { base } = served.get('demo');
  const cases = [
    { query: 'stretching', first: '/posts/moving-with-back-pain/', why: 'the post says "stretch" and "stretches"' },
    { query: 'sleeping', first: '/posts/sleep-and-chronic-pain/', why: 'the title says "Sleep"' },
    { query: 'infusion', first: '/posts/ketamine-infusions/', why: 'singular finds the plural in the title' },
    { query: 'blocked nerves', first: '/posts/nerve-blocks/', why: 'both words, each stemmed' },
    { query: 'steroid injections', first: '/posts/epidural-steroid-injections/', only: 2, why: 'only the pages with both words' },
    { query: 'interpreters', first: '/nondiscrimination/', why: 'pages are searched too' },
    { query: 'pain', filters: { tag: 'Sleep' }, first: '/posts/sleep-and-chronic-pain/', only: 2, why: 'the tag narrows to its two posts' },
    { query: 'winter', only: 0, why: 'a post dated in the future is not published, so not found' },
    { query: 'xylophonequux', only: 0, why: 'a word on no page' },
  ];
  const results = await searchResults(base, cases);
  cases.forEach((expected, i) => {
    const { count, top } = results[i];
    if (expected.only !== undefined) assert.equal(count, expected.only, `${expected.query}: ${expected.why}; got ${JSON.stringify(top)}`);
    if (expected.first) {
      assert.equal(top[0]?.url, expected.first, `${expected.query}: ${expected.why}; got ${JSON.stringify(top.map((t) => t.url))}`);
      assert.match(top[0].excerpt, /<mark>/, `${expected.query}: the excerpt marks the match`);
    }
  });
});

test('search quality in Spanish: plurals, accents and verb forms find their words', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'salve-es-'));
  const write = (path, text) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('salve.yaml', 'title: "Clínica del Dolor"\nlanguage: es\n');
  write('posts/ejercicio.md', '---\ntitle: "Ejercicio y dolor de espalda"\ndate: 2025-03-01\ntags: [Espalda]\n---\nHacer ejercicio con regularidad ayuda a la espalda. Caminar un poco cada día es un buen comienzo.\n');
  write('posts/medico.md', '---\ntitle: "Cuándo llamar al médico"\ndate: 2025-03-02\ntags: [Seguridad]\n---\nLlame a su médico si el dolor empeora de repente o si tiene fiebre.\n');
  write('posts/sueno.md', '---\ntitle: "Dormir mejor con dolor crónico"\ndate: 2025-03-03\ntags: [Sueño]\n---\nUna rutina fija para acostarse ayuda a dormir. Evite las pantallas antes de dormir.\n');
  const output = join(dir, 'public');
  const server = await serve(output);
  const base = `http://127.0.0.1:${server.address().port}/`;
  try {
    build(dir, output, base);
    const cases = [
      { query: 'ejercicios', first: '/posts/ejercicio/', why: 'the plural finds the singular' },
      { query: 'medico', first: '/posts/medico/', why: 'without the accent finds "médico"' },
      { query: 'caminando', first: '/posts/ejercicio/', why: 'the gerund finds "caminar"' },
      { query: 'dolor crónico', first: '/posts/sueno/', why: 'two words, both on one page' },
      { query: 'dolor', filters: { tag: 'Seguridad' }, first: '/posts/medico/', only: 1, why: 'the tag narrows' },
      { query: 'xilófono', only: 0, why: 'a word on no page' },
    ];
    const results = await searchResults(base, cases);
    cases.forEach((expected, i) => {
      const { count, top } = results[i];
      if (expected.only !== undefined) assert.equal(count, expected.only, `${expected.query}: ${expected.why}`);
      if (expected.first) assert.equal(top[0]?.url, expected.first, `${expected.query}: ${expected.why}; got ${JSON.stringify(top.map((t) => t.url))}`);
    });
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the Spanish search page searches the Spanish posts and speaks Spanish', async () => {
  const { base } = served.get('demo');
  const { context, page, requests } = await open(`${base}es/`);
  await page.fill('#site-search-input', 'infusión');
  await page.press('#site-search-input', 'Enter');
  await page.waitForURL(/\/es\/search\/\?q=/);
  await page.waitForSelector('.search-result');
  const urls = await page.locator('.search-result h2 a').evaluateAll((links) => links.map((a) => new URL(a.href).pathname));
  assert.equal(urls[0], '/es/posts/infusiones-de-ketamina/', `first result: ${urls}`);
  assert.ok(urls.every((url) => url.startsWith('/es/')), `only Spanish pages: ${urls}`);
  assert.match(await page.locator('.search-status').textContent(), /^\d+ resultados? para «infusión»\.$/);
  await page.fill('#search-input', 'xilófono');
  await page.press('#search-input', 'Enter');
  await page.waitForFunction(() => document.querySelector('.search-status').textContent.startsWith('No hay resultados'));
  const english = await searchResults(base, [{ query: 'infusiones' }]);
  assert.ok(english[0].top.every((result) => !result.url.startsWith('/es/')), 'the English index holds no Spanish page');
  for (const url of requests) assert.equal(new URL(url).hostname, '127.0.0.1', url);
  await context.close();
});

test('without JavaScript the search box leads to the list of tags', async () => {
  const { base } = served.get('demo');
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base);
  await page.fill('#site-search-input', 'ketamine');
  await page.press('#site-search-input', 'Enter');
  await page.waitForURL(/\/search\//);
  assert.ok(await page.locator('main .tag-list a').count() > 5, 'the tags are listed');
  assert.match(await page.locator('noscript').first().textContent(), /Search needs JavaScript/);
  await context.close();
});

test('drafts and opted-out posts are not in the search index', async () => {
  const { output } = served.get('demo');
  const index = readdirSync(join(output, 'pagefind'), { recursive: true });
  assert.ok(index.some((f) => f.startsWith('fragment')), 'the index has fragments');
  const { context, page } = await open(`${served.get('demo').base}search/?q=stimulator`);
  await page.waitForFunction(() => document.querySelector('.search-status').textContent.length > 0);
  assert.match(await page.locator('.search-status').textContent(), /^No results/, 'the draft about spinal cord stimulators is not found');
  await context.close();
});

test('Lighthouse: accessibility, best practices and SEO score 100 on a post', async () => {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const profile = mkdtempSync(join(tmpdir(), 'salve-lh-'));
  const chrome = await chromeLauncher.launch({ chromePath: chromiumPath, chromeFlags: [...chromiumArgs, `--user-data-dir=${profile}`] });
  try {
    const result = await lighthouse(demoPages().post, { port: chrome.port, output: 'json', logLevel: 'error' });
    const scores = Object.fromEntries(Object.entries(result.lhr.categories).map(([id, category]) => [id, Math.round(category.score * 100)]));
    writeFileSync(join(screenshots, 'lighthouse-post.json'), JSON.stringify(scores, null, 2));
    console.log(`Lighthouse scores for the post page: ${JSON.stringify(scores)}`);
    const failing = Object.values(result.lhr.audits).filter((audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary').map((audit) => audit.id);
    for (const category of ['accessibility', 'best-practices', 'seo']) {
      assert.equal(scores[category], 100, `${category} is ${scores[category]}; failing audits: ${failing.join(', ')}`);
    }
  } finally {
    await chrome.kill();
    rmSync(profile, { recursive: true, force: true });
  }
});
