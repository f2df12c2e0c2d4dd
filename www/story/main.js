// The story page (story.html): one chapter per claim of the question, each with its live
// figure. Text comes from the message catalogues (i18n/), numbers from the runs, and the
// chapters (queries, steps, claims and their ranges) from chapters.json, the table the
// engine's claims test checks.

import { parseExperiment, keys } from '../pkg/gradfall_wasm.js';
import { loadModule } from '../wasm.js';
import { describeConfigs } from '../experiment-url.js';
import { setUpLanguage, translatePage, withLanguage, linkLanguageSwitch } from '../i18n.js';
import { Chapter } from './chapter.js';
import { useTranslator } from '../text.js';
import { setUpColorScheme } from '../preferences.js';

/** What tests (and the curious) may inspect: per chapter id, its status, result and values. */
const exposed = { ready: false, lang: null, chapters: {}, error: null };
window.gradfallStory = exposed;

function report(id, fields) {
  exposed.chapters[id] = { ...exposed.chapters[id], ...fields };
}

async function loadTable() {
  const response = await fetch(new URL('./chapters.json', import.meta.url));
  if (!response.ok) throw new Error(`chapters.json: ${response.status}`);
  return response.json();
}

/** The header's links: the playground and the language switch, in the reader's language. */
function linkHeader(lang) {
  document.getElementById('to-playground').href = withLanguage('./', lang);
  linkLanguageSwitch(lang);
}

async function main() {
  const { lang, t } = await setUpLanguage(['story']);
  exposed.lang = lang;
  translatePage(document, t);
  useTranslator(t);
  setUpColorScheme(document.querySelector('.story-header'));
  document.title = t('story.page_title');
  linkHeader(lang);
  const [table, { module }] = await Promise.all([loadTable(), loadModule()]);
  const defaults = new Map(keys().map((k) => [k.name, k.default]));
  const host = document.getElementById('chapters');
  const chapters = table.chapters.map((row, i) => {
    const experiment = parseExperiment(row.query);
    const descriptions = describeConfigs(experiment.query, experiment.configs.length, defaults, t);
    const chapter = new Chapter(row, i + 1, {
      module,
      lang,
      t,
      seeds: table.seeds,
      configs: experiment.configs,
      descriptions,
      report,
    });
    host.append(chapter.node);
    return chapter;
  });
  exposed.ready = true;
  const frame = () => {
    for (const chapter of chapters) chapter.frame();
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

main().catch((err) => {
  exposed.error = String(err && err.message ? err.message : err);
  const banner = document.getElementById('banner');
  banner.textContent = exposed.error;
  banner.hidden = false;
});
