// Text alternatives of the charts: under every chart a "Show numbers" disclosure holding one
// sentence that sums the chart up and a table of the numbers it draws, refreshed at most
// twice a second (the table only while open); the canvas (or an SVG chart's `image`, its
// <svg>) points at the sentence with aria-describedby, so a screen reader hears it after the
// chart's label.
//
// A chart offers its text by defining `summary(t)` (a sentence; '' before it has data) and
// `table(t)` ({caption, head: [text…], rows: [[cell…]]}, or null), `t` being the page's
// translator. A cell is a text or {text, value}: `value`, the exact number shown rounded, is
// kept in the cell's data-value for tests and tools. Charts that do not define them get the
// ones their class is given: chart-numbers.js (the training runs' charts), lab-numbers.js
// (the signal-propagation lab's), seeds-numbers.js (the Seeds mode's).

import { NUMBERS as RUN_NUMBERS } from './chart-numbers.js';
import { LAB_NUMBERS } from './lab-numbers.js';
import { SEEDS_NUMBERS } from './seeds-numbers.js';

/** Chart class → `{summary(chart, t), table(chart, t)}`. */
const NUMBERS = new Map([...RUN_NUMBERS, ...LAB_NUMBERS, ...SEEDS_NUMBERS]);

/** How often the text follows the charts, in milliseconds. */
const REFRESH_MS = 500;

/**
 * Give every chart of `charts()` its text alternative and keep it up to date.
 * @param {() => Chart[]} charts the charts on show; @param t the page's translator
 */
export function describeCharts(charts, t) {
  const parts = new Map();
  const refresh = () => {
    for (const chart of charts()) {
      const text = textOf(chart);
      if (text) show(partsOf(chart, parts, t, refresh), text, t, imageOf(chart));
    }
  };
  refresh();
  setInterval(refresh, REFRESH_MS);
}

/** `{summary(t), table(t)}` of `chart`: its own, or its class's in chart-numbers.js. */
function textOf(chart) {
  if (typeof chart.summary === 'function' && typeof chart.table === 'function') {
    return { summary: (t) => chart.summary(t), table: (t) => chart.table(t) };
  }
  const given = NUMBERS.get(chart.constructor);
  return given && { summary: (t) => given.summary(chart, t), table: (t) => given.table(chart, t) };
}

/** The element `chart` draws in: its canvas, or an SVG chart's current <svg> (none yet: null). */
const imageOf = (chart) => (chart.canvas === undefined ? chart.image : chart.canvas);

/** The disclosure under `chart`, made on first use. */
function partsOf(chart, parts, t, refresh) {
  if (parts.has(chart)) return parts.get(chart);
  const details = document.createElement('details');
  details.className = 'chart-numbers';
  const opener = document.createElement('summary');
  opener.textContent = t('alt.show_numbers');
  const sentence = document.createElement('p');
  sentence.id = `${chart.host.id || 'chart'}-text`;
  sentence.className = 'chart-summary';
  // A wide table scrolls sideways in its own box, which the keyboard can reach and scroll.
  const scroller = document.createElement('div');
  scroller.className = 'chart-table';
  scroller.tabIndex = 0;
  scroller.setAttribute('role', 'region');
  const table = document.createElement('table');
  scroller.append(table);
  details.append(opener, sentence, scroller);
  chart.host.after(details);
  details.addEventListener('toggle', refresh);
  const made = { details, sentence, scroller, table, shown: '' };
  parts.set(chart, made);
  return made;
}

/** Write the sentence, and the table when it is open and has changed; `image` points at it. */
function show(part, text, t, image) {
  if (image && image.getAttribute('aria-describedby') !== part.sentence.id) {
    image.setAttribute('aria-describedby', part.sentence.id);
  }
  const sentence = text.summary(t) || t('alt.no_data');
  if (part.sentence.textContent !== sentence) part.sentence.textContent = sentence;
  if (!part.details.open) return;
  const model = text.table(t);
  const key = JSON.stringify(model);
  if (key === part.shown) return;
  part.shown = key;
  part.table.replaceChildren(...(model ? tableRows(model) : []));
  part.scroller.setAttribute('aria-label', model ? model.caption : sentence);
}

/** Caption, head and body of a table model. */
function tableRows({ caption, head, rows }) {
  const cap = document.createElement('caption');
  cap.textContent = caption;
  const thead = document.createElement('thead');
  thead.append(row(head, () => 'col'));
  const tbody = document.createElement('tbody');
  tbody.append(...rows.map((cells) => row(cells, (i) => (i === 0 ? 'row' : null))));
  return [cap, thead, tbody];
}

/** One <tr>; `scopeOf(i)` makes cell i a header of that scope, or a data cell when null. */
function row(cells, scopeOf) {
  const tr = document.createElement('tr');
  cells.forEach((cell, i) => {
    const scope = scopeOf(i);
    const td = document.createElement(scope ? 'th' : 'td');
    if (scope) td.scope = scope;
    if (cell !== null && typeof cell === 'object') {
      td.textContent = cell.text;
      td.dataset.value = String(cell.value);
    } else {
      td.textContent = cell;
    }
    tr.append(td);
  });
  return tr;
}
