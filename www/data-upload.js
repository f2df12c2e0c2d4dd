// Your own data on the page: a CSV file chosen with the file picker or dropped anywhere on
// the page is checked by the engine (`parseCsv`, the same parser as `gradfall train
// --data-file`), then every configuration trains on it (`data=csv`). A bad file gets a message
// naming the line and the reason, and nothing else changes. Small files travel in the share
// link (data-link.js); larger ones stay on this machine and the panel says so.
//
// run.js asks `dataFor(query)` for the bytes to send to a worker.

import { parseCsv } from './pkg/gradfall_wasm.js';
import { encodeData, decodeData, hashData, withHashData, LINK_LIMIT } from './data-link.js';
import { say } from './text.js';
import { showMessage } from './i18n.js';

/** The loaded file: {bytes, name, summary, linked} or null. */
let current = null;

/** The CSV bytes a trainer of `query` needs: the loaded file when the query says data=csv. */
export function dataFor(query) {
  return current && new URLSearchParams(query).get('data') === 'csv' ? current.bytes : null;
}

/**
 * Train on `bytes` without the panel (the embed page's `#data=`): checked by the engine
 * first, whose message is thrown when they cannot be used. Returns the engine's summary.
 */
export function useLinkedData(bytes) {
  const summary = parseCsv(bytes);
  current = { bytes, name: '', summary, linked: true };
  return summary;
}

/** Every configuration of an experiment query set to train on the file (`data=csv`). */
export function withCsvData(query) {
  const params = new URLSearchParams(query);
  params.set('data', 'csv');
  for (const key of [...params.keys()]) if (/^[bcd]\.data$/.test(key)) params.delete(key);
  return params.toString();
}

/**
 * Fill `panel` with the file picker, the drop target (the whole page) and the messages.
 * @param {{panel: HTMLElement, query: () => string, apply: (query: string) => void}} options
 *   `apply` restarts every run with the query (also when only the data changed)
 * @returns {{restore: () => Promise<boolean>}} `restore` trains on the data of the link, if
 *   it carries any, and says whether it did (then the runs have started)
 */
export function installDataUpload({ panel, query, apply }) {
  const ui = buildPanel(panel);

  /** Check `bytes`; if the engine accepts them, train on them. Says whether it did. */
  async function load(bytes, name, fromLink) {
    let summary;
    try {
      summary = parseCsv(bytes);
    } catch (err) {
      ui.error.textContent = say('upload.failed', { name, error: err.message });
      ui.error.hidden = false;
      return false;
    }
    const { text, compressedBytes } = await encodeData(bytes);
    const linked = compressedBytes <= LINK_LIMIT;
    current = { bytes, name, summary, linked };
    ui.error.hidden = true;
    ui.status.textContent = describe(name, summary);
    ui.link.textContent = linkNote(linked, compressedBytes);
    ui.link.hidden = false;
    if (!fromLink) {
      const hash = withHashData(window.location.hash, linked ? text : null);
      window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
    }
    apply(withCsvData(query()));
    return true;
  }

  async function loadFile(file) {
    if (!file) return;
    await load(new Uint8Array(await file.arrayBuffer()), file.name, false);
  }

  ui.input.addEventListener('change', () => {
    loadFile(ui.input.files[0]).finally(() => {
      ui.input.value = '';
    });
  });
  installDrop(loadFile);

  /** Train on the data the link carries (before the page's first run). */
  async function restore() {
    const text = hashData(window.location.hash);
    if (text === null) return false;
    let bytes;
    try {
      bytes = await decodeData(text);
    } catch {
      ui.error.textContent = say('upload.damaged');
      ui.error.hidden = false;
      return false;
    }
    return load(bytes, say('upload.link_name'), true);
  }

  return { restore };
}

/** An element `tag` with `attributes`, holding the message `id` (if any). */
function element(tag, attributes, id) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  if (id) showMessage(el, say(id));
  return el;
}

function buildPanel(panel) {
  const input = element('input', { id: 'data-file', type: 'file', accept: '.csv,text/csv,text/plain' });
  const button = element('label', { class: 'file-button' });
  button.append(element('span', {}, 'upload.load'), input);
  const status = element('p', { id: 'data-status', class: 'explain', role: 'status', 'aria-live': 'polite' });
  const link = element('p', { id: 'data-link', class: 'explain', hidden: '' });
  const error = element('p', { id: 'data-error', class: 'data-error', role: 'alert', hidden: '' });
  panel.replaceChildren(
    element('h2', { class: 'panel-title' }, 'play.own_data'),
    element('p', { class: 'explain' }, 'upload.explain'),
    button,
    status,
    link,
    error,
  );
  return { input, status, link, error };
}

/** Files dragged over the page show a drop hint; a file dropped anywhere is loaded. */
function installDrop(loadFile) {
  const hasFiles = (e) => e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  let depth = 0; // dragenter/dragleave fire for every child element crossed
  document.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    depth += 1;
    document.body.classList.add('dropping');
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) document.body.classList.remove('dropping');
  });
  document.addEventListener('dragover', (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  document.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    document.body.classList.remove('dropping');
    loadFile(e.dataTransfer.files[0]);
  });
}

function describe(name, { rows, features, classes }) {
  const list = (items) => (items.length > 6 ? `${items.slice(0, 6).join(', ')}, …` : items.join(', '));
  return say('upload.training', {
    name,
    rows,
    features: say(features.length === 1 ? 'upload.feature_one' : 'upload.feature_many', { n: features.length }),
    feature_list: list(features),
    classes: classes.length,
    class_list: list(classes),
    plane: features.length === 2 ? say('upload.plane') : '',
  });
}

function linkNote(linked, compressedBytes) {
  const size = say('upload.size', { kb: (compressedBytes / 1024).toFixed(1) });
  return linked ? say('upload.linked', { size }) : say('upload.too_big', { size, limit: LINK_LIMIT / 1024 });
}
