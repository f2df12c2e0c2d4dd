// One reproduction on the papers page: the paper and where it says so, what we measure, the
// paper's value, ours (filled in when the worker has computed it), the tolerance, whether it
// holds, and a link that opens the experiment in the playground.

import { withLanguage } from '../i18n.js';

/** Numbers as the page shows them: four significant digits in the reader's language. */
export function formatNumber(value, lang) {
  return new Intl.NumberFormat(lang, { maximumSignificantDigits: 4 }).format(value);
}

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A `<div><dt>label</dt><dd>value</dd></div>` row; returns the `<dd>`. */
function row(list, label, value, className) {
  const div = element('div', className);
  const dd = element('dd', '', value);
  div.append(element('dt', '', label), dd);
  list.append(div);
  return dd;
}

/**
 * The card of `entry` ({name, paper, what, paperValue, tolerance, query}) as an `<li>`, with
 * `show(line)` / `fail(message)` to fill in ours.
 */
export function entryCard(entry, { t, lang }) {
  const item = element('li', 'paper-entry');
  item.id = `entry-${entry.name}`;
  const heading = element('h2', 'paper-name');
  heading.append(element('code', '', entry.name));
  const cite = element('p', 'paper-cite', entry.paper);
  cite.lang = 'en';
  const what = element('p', 'paper-what', t(`papers.what.${entry.name}`));
  const numbers = element('dl', 'paper-numbers');
  row(numbers, t('papers.paper_value'), formatNumber(entry.paperValue, lang));
  const ours = row(numbers, t('papers.ours'), t('papers.computing'), 'ours');
  row(numbers, t('papers.tolerance'), `± ${formatNumber(entry.tolerance, lang)}`);
  const holds = row(numbers, t('papers.holds'), '…', 'holds');
  const link = element('a', 'paper-open', t('papers.open'));
  link.href = withLanguage(`./?${entry.query}`, lang);
  const query = element('code', 'paper-query', entry.query);
  const open = element('p', 'paper-link');
  open.append(link, ' ', query);
  item.append(heading, cite, what, numbers, open);
  return {
    item,
    show(result) {
      ours.textContent = formatNumber(result.ours, lang);
      holds.textContent = t(result.holds ? 'papers.holds_yes' : 'papers.holds_no');
      item.classList.add(result.holds ? 'held' : 'missed');
    },
    fail(message) {
      ours.textContent = t('papers.failed', { message });
      holds.textContent = '—';
      item.classList.add('missed');
    },
  };
}
