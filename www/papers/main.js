// The papers page (papers.html): every number of `gradfall reproduce --all`, with ours
// computed now by the page's own engine in a worker, so the page cannot drift from the
// engine. The table (paper, what, paper value, tolerance, query) comes from the wasm export
// `reproductions()`; ours from `reproduce(name)` in papers/worker.js. Both are the lab
// module's (www/wasm.js loadLabModule): the page needs nothing of the engine.

import { loadLabModule } from '../wasm.js';
import { setUpLanguage, translatePage, withLanguage, LANGUAGES } from '../i18n.js';
import { setUpColorScheme } from '../preferences.js';
import { useTranslator } from '../text.js';
import { entryCard } from './entry.js';

/** What tests may inspect: per entry the JSON line computed (or the error), and `ready`
 * once the page is drawn, `done` once every entry is computed. */
const exposed = { ready: false, done: false, lang: null, entries: {}, error: null };
window.gradfallPapers = exposed;

function linkHeader(lang) {
  document.getElementById('to-playground').href = withLanguage('./', lang);
  for (const other of LANGUAGES) {
    const link = document.getElementById(`lang-${other}`);
    link.href = withLanguage(window.location.href, other);
    if (other === lang) link.setAttribute('aria-current', 'true');
  }
}

/** Compute every entry in one worker, filling each card as its line arrives. */
function compute(module, cards, t) {
  const progress = document.getElementById('progress');
  const total = cards.size;
  let count = 0;
  progress.textContent = t('papers.progress', { done: count, total });
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }) => {
    if (data.done) {
      progress.textContent = t('papers.progress_done', { total });
      exposed.done = true;
      worker.terminate();
      return;
    }
    const card = cards.get(data.name);
    if (data.error) {
      card.fail(data.error);
      exposed.entries[data.name] = { error: data.error };
    } else {
      card.show(JSON.parse(data.line));
      exposed.entries[data.name] = { line: data.line };
    }
    count += 1;
    progress.textContent = t('papers.progress', { done: count, total });
  };
  worker.postMessage({ module, names: [...cards.keys()] });
}

async function main() {
  const { lang, t } = await setUpLanguage(['papers']);
  exposed.lang = lang;
  translatePage(document, t);
  useTranslator(t);
  setUpColorScheme(document.querySelector('.story-header'));
  document.title = t('papers.page_title');
  linkHeader(lang);
  const { module, exports } = await loadLabModule();
  const host = document.getElementById('entries');
  const cards = new Map();
  for (const entry of exports.reproductions()) {
    const card = entryCard(entry, { t, lang });
    host.append(card.item);
    cards.set(entry.name, card);
  }
  exposed.ready = true;
  compute(module, cards, t);
}

main().catch((err) => {
  exposed.error = String(err && err.message ? err.message : err);
  const banner = document.getElementById('banner');
  banner.textContent = exposed.error;
  banner.hidden = false;
});
