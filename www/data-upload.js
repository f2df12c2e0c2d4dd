// Your own data on the page: a CSV file chosen with the file picker or dropped anywhere on
// the page is checked by the engine (`parseCsv`, the same parser as `gradfall train
// --data-file`), then every configuration trains on it (`data=csv`). A bad file gets a message
// naming the line and the reason, and nothing else changes. Small files travel in the share
// link (data-link.js); larger ones stay on this machine and the panel says so.
//
// run.js asks `dataFor(query)` for the bytes to send to a worker.

import { parseCsv } from './pkg/gradfall_wasm.js';
import { encodeData, decodeData, hashData, withHashData, LINK_LIMIT } from './data-link.js';

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
      ui.error.textContent = `${name}: ${err.message}. Nothing was changed.`;
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
      ui.error.textContent = "The link's data (#data=…) is damaged: load the CSV file instead.";
      ui.error.hidden = false;
      return false;
    }
    return load(bytes, 'the data in the link', true);
  }

  return { restore };
}

function buildPanel(panel) {
  panel.innerHTML = `
    <h2 class="panel-title">Your own data</h2>
    <p class="explain">A CSV file of numeric columns and a class column (the last, or the one
      headed <code>class</code>): up to 10 000 rows × 64 features. Choose it or drop it on the
      page; two features draw a decision boundary.</p>
    <label class="file-button">Load a CSV file…
      <input id="data-file" type="file" accept=".csv,text/csv,text/plain"></label>
    <p id="data-status" class="explain" role="status" aria-live="polite"></p>
    <p id="data-link" class="explain" hidden></p>
    <p id="data-error" class="data-error" role="alert" hidden></p>`;
  const $ = (id) => panel.querySelector(`#${id}`);
  return { input: $('data-file'), status: $('data-status'), link: $('data-link'), error: $('data-error') };
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
  const plane = features.length === 2 ? ' — a plane: the decision boundary shows it' : '';
  return (
    `Training on ${name}: ${rows} examples, ${features.length} feature${features.length === 1 ? '' : 's'} ` +
    `(${list(features)}), ${classes.length} classes (${list(classes)})${plane}.`
  );
}

function linkNote(linked, compressedBytes) {
  const size = `${(compressedBytes / 1024).toFixed(1)} KB compressed`;
  return linked
    ? `The link carries this data set (${size}, in its #data= fragment, which is never sent to a server).`
    : `This data set is ${size}, more than a link carries (${LINK_LIMIT / 1024} KB): it stays on this machine. ` +
        'Someone opening the link sees data=csv and must load the same file.';
}
