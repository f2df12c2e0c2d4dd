// Share & export on the playground: "Copy embed code", the oEmbed discovery link, the
// statistics history as CSV and JSON, the configuration as a `gradfall train` command line,
// and a "Download PNG" button under every chart (redrawn at 2× into an offscreen canvas).
// playground.js calls `installExports(...)` once and `update()` whenever the query changes.

import { FONT, PAPER } from './charts/theme.js';
import { parseExperiment } from './pkg/gradfall_wasm.js';
import { sharedNames } from './names.js';
import { paramValue, withParam } from './experiment-url.js';
import { embedUrl, embedSnippet, oembedHref, commandLines } from './share.js';
import { TEXT, say } from './text.js';

/** Scale of the exported PNGs relative to the chart's CSS size. */
export const PNG_SCALE = 2;

/** Columns of a CSV row before the per-layer fields, as `gradfall train --format csv`
 * writes them, with the configuration's label in front. */
const CSV_HEAD = ['run', 'step', 'loss', 'accuracy', 'test_accuracy', 'diverged', 'layer'];

/**
 * @param panel element to fill with the share & export controls
 * @param charts {name: Chart} — each gets a "Download PNG" button under it
 * @param runs () => [{run, label, colour}] — the runs on show (A first)
 * @param query () => the canonical query of the whole experiment
 * @returns {{update: () => void}}
 */
export function installExports({ panel, charts, runs, query }) {
  const { copyEmbed, code, csv, json, command, copyCommand, note } = fillPanel(panel);
  const commandText = () =>
    commandLines(
      runs().map((r, i) => ({ label: labelOf(r, i), query: r.run.query, step: r.run.latest ? r.run.latest.step : 0 })),
    );
  // The embed URL in canonical form, `view` in its place among the page settings.
  const snippet = () => {
    const q = query();
    const withView = paramValue(q, 'view') === null ? withParam(q, 'view', sharedNames().defaultView) : q;
    return embedSnippet(embedUrl(parseExperiment(withView).query, window.location.href), {
      title: say('play.oembed'),
    });
  };

  copyEmbed.addEventListener('click', async () => {
    code.value = snippet();
    code.hidden = false;
    await copy(code.value, TEXT.embedCopied, note);
  });
  csv.addEventListener('click', () => {
    download(new Blob([toCsv(runs())], { type: 'text/csv' }), 'gradfall-stats.csv');
    note.textContent = TEXT.saved('gradfall-stats.csv');
  });
  json.addEventListener('click', () => {
    const doc = toJson(runs(), query(), window.location.href);
    download(new Blob([JSON.stringify(doc)], { type: 'application/json' }), 'gradfall-stats.json');
    note.textContent = TEXT.saved('gradfall-stats.json');
  });
  copyCommand.addEventListener('click', async () => {
    command.textContent = commandText();
    await copy(command.textContent, TEXT.commandCopied, note);
  });

  for (const [name, chart] of Object.entries(charts)) addPngButton(name, chart);

  function update() {
    const link = document.getElementById('oembed');
    if (link) link.href = oembedHref(window.location.href);
    command.textContent = commandText();
    if (!code.hidden) code.value = snippet();
  }
  update();
  // The step in the command line follows training; twice a second is plenty.
  setInterval(() => {
    const text = commandText();
    if (command.textContent !== text) command.textContent = text;
  }, 500);
  return { update };
}

/** `document.createElement(tag)` with `props` set and `children` appended. */
function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** The panel's heading, buttons, embed code box, command line and note; returns them. */
function fillPanel(panel) {
  const button = (id, textContent, title) => el('button', { type: 'button', id, textContent, ...(title && { title }) });
  const parts = {
    copyEmbed: button('copy-embed', TEXT.copyEmbed),
    code: el('textarea', { id: 'embed-code', readOnly: true, rows: 5, hidden: true, spellcheck: false }),
    csv: button('download-csv', 'CSV', TEXT.csvTitle),
    json: button('download-json', 'JSON', TEXT.jsonTitle),
    command: el('code', { id: 'command-line', className: 'command' }),
    copyCommand: button('copy-command', TEXT.copyCommand),
    note: el('p', { id: 'export-note', className: 'explain' }),
  };
  parts.code.setAttribute('aria-label', TEXT.embedCodeLabel);
  parts.note.setAttribute('aria-live', 'polite');
  const row = (...children) => el('div', { className: 'export-row' }, ...children);
  panel.append(
    el('h2', { textContent: TEXT.shareHeading }),
    row(parts.copyEmbed),
    parts.code,
    row(el('span', { textContent: TEXT.downloadStats }), parts.csv, parts.json),
    el('p', { className: 'explain', textContent: TEXT.sameRunCli }),
    parts.command,
    row(parts.copyCommand),
    parts.note,
  );
  return parts;
}

/** A "Download PNG" button under `chart`'s host. */
function addPngButton(name, chart) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'png-button';
  button.dataset.chart = name;
  button.textContent = TEXT.downloadPng;
  button.title = TEXT.pngTitle(PNG_SCALE);
  button.addEventListener('click', async () => {
    const blob = await chartPng(chart, PNG_SCALE);
    if (blob) download(blob, `gradfall-${name}.png`);
  });
  const row = document.createElement('div');
  row.className = 'chart-tools';
  row.append(button);
  chart.host.after(row);
}

/**
 * The chart drawn afresh at `scale` × its CSS size on the theme's paper, as a PNG Blob
 * (null when the chart has no size). The hover readout is left out.
 */
export function chartPng(chart, scale) {
  const width = chart.host.clientWidth;
  const height = chart.host.clientHeight;
  if (width < 2 || height < 2) return Promise.resolve(null);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = PAPER;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.font = FONT;
  const pointer = chart.pointer;
  chart.pointer = null;
  try {
    chart.draw(ctx, width, height);
  } finally {
    chart.pointer = pointer;
  }
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}

/** Save `blob` as `name` through a temporary link. */
function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function copy(text, done, note) {
  try {
    await navigator.clipboard.writeText(text);
    note.textContent = done;
  } catch {
    note.textContent = TEXT.copyBlocked;
  }
}

/** Label of the i-th run: its own label, else A, B, … by position. */
function labelOf(r, i) {
  return r.label || sharedNames().letters[i] || String(i + 1);
}

/** The per-layer fields an entry holds, in the order of `gradfall train`. */
function fieldsOf(entry) {
  return sharedNames().layerFields.filter((f) => entry[f]);
}

/**
 * Every recorded step of every run as CSV: one row per (run, step, layer), the columns of
 * `gradfall train --format csv` with `run` in front. Numbers are written in the shortest
 * form that reads back to the same 32-bit float.
 */
export function toCsv(list) {
  const first = list.find((r) => r.run.history.length);
  const fields = first ? fieldsOf(first.run.history[0]) : sharedNames().layerFields;
  const lines = [[...CSV_HEAD, ...fields].join(',')];
  list.forEach((r, i) => {
    const label = labelOf(r, i);
    for (const entry of r.run.history) {
      const step = [entry.step, f32Text(entry.loss), f32Text(entry.accuracy), f32Text(entry.test_accuracy), ''];
      const layers = entry[fields[0]] ? entry[fields[0]].length : 0;
      for (let l = 0; l < layers; l++) {
        const values = fields.map((f) => (entry[f] ? f32Text(entry[f][l]) : ''));
        lines.push([label, ...step, l + 1, ...values].join(','));
      }
    }
  });
  return `${lines.join('\n')}\n`;
}

/**
 * Every recorded step of every run as one JSON document. Each element of `steps` has the
 * shape of a `gradfall train` JSON line (without the histograms); non-finite numbers are null.
 */
export function toJson(list, query, url) {
  return {
    generator: 'Gradfall',
    url,
    query,
    runs: list.map((r, i) => ({
      label: labelOf(r, i),
      query: r.run.query,
      diverged: r.run.diverged,
      steps: r.run.history.map((entry) => {
        const fields = fieldsOf(entry);
        const layers = fields.length ? entry[fields[0]].length : 0;
        return {
          step: entry.step,
          loss: f32Number(entry.loss),
          accuracy: f32Number(entry.accuracy),
          test_accuracy: f32Number(entry.test_accuracy),
          diverged: null,
          layers: Array.from({ length: layers }, (_, l) => {
            const row = { layer: l + 1 };
            for (const f of fields) row[f] = f32Number(entry[f][l]);
            return row;
          }),
        };
      }),
    })),
  };
}

/** The shortest decimal that reads back as the same 32-bit float; NaN, inf, -inf as Rust
 * prints them. */
export function f32Text(v) {
  if (typeof v !== 'number') return '';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const target = Math.fround(v);
  for (let p = 1; p < 10; p++) {
    const text = v.toPrecision(p);
    if (Math.fround(Number(text)) === target) return String(Number(text));
  }
  return String(v);
}

/** As f32Text, as a JSON number (null when not finite). */
function f32Number(v) {
  return typeof v === 'number' && Number.isFinite(v) ? Number(f32Text(v)) : null;
}
