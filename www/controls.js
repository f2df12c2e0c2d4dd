// The configuration form, built from the engine's key table (wasm `keys()`): one labelled
// control per key, with a tooltip that is shown on hover and on keyboard focus.
// Nothing from a query is ever inserted as HTML: values go through `.value`/`textContent`.

/** Which fieldset a key goes in; keys not listed land in "More". */
const GROUPS = [
  ['Network', ['act', 'alpha', 'depth', 'width', 'init', 'gain', 'bias', 'res', 'norm']],
  ['Training', ['loss', 'opt', 'lr', 'batch', 'l2']],
  ['Data', ['data', 'noise', 'seed']],
];

export class Controls {
  /**
   * @param {HTMLFormElement} form container to fill
   * @param keys the key table: [{key, label, kind: 'choice'|'int'|'float'|'bool',
   *   choices?, default, min?, max?, help}]
   * @param {() => void} onChange called when the user changes any control
   */
  constructor(form, keys, onChange) {
    this.form = form;
    this.keys = keys.filter((k) => k.key !== 'v');
    this.inputs = new Map();
    this.defaults = new Map(this.keys.map((k) => [k.key, k.default ?? '']));
    const byKey = new Map(this.keys.map((k) => [k.key, k]));
    const placed = new Set();
    for (const [title, names] of GROUPS) {
      const entries = names.filter((n) => byKey.has(n)).map((n) => byKey.get(n));
      entries.forEach((k) => placed.add(k.key));
      if (entries.length) form.append(this.fieldset(title, entries));
    }
    const rest = this.keys.filter((k) => !placed.has(k.key));
    if (rest.length) form.append(this.fieldset('More', rest));
    form.addEventListener('change', () => onChange());
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      onChange();
    });
  }

  fieldset(title, entries) {
    const fs = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = title;
    fs.append(legend);
    for (const k of entries) fs.append(this.field(k));
    return fs;
  }

  field(k) {
    const id = `key-${k.key}`;
    const wrap = document.createElement('div');
    wrap.className = `field field-${k.kind}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = k.label || k.key;
    const code = document.createElement('code');
    code.textContent = k.key;
    label.append(' ', code);
    let input;
    if (k.kind === 'choice') {
      input = document.createElement('select');
      for (const c of k.choices || []) {
        const opt = document.createElement('option');
        opt.value = c;
        opt.textContent = c;
        input.append(opt);
      }
    } else if (k.kind === 'bool') {
      input = document.createElement('input');
      input.type = 'checkbox';
    } else {
      input = document.createElement('input');
      input.type = 'number';
      input.step = k.kind === 'int' ? '1' : 'any';
      if (Number.isFinite(k.min)) input.min = String(k.min);
      if (Number.isFinite(k.max)) input.max = String(k.max);
      input.inputMode = k.kind === 'int' ? 'numeric' : 'decimal';
      if (k.default === null || k.default === undefined || k.default === '') input.placeholder = 'auto';
    }
    input.id = id;
    input.name = k.key;
    const help = document.createElement('span');
    help.className = 'help';
    help.id = `${id}-help`;
    help.setAttribute('role', 'tooltip');
    help.textContent = k.help || '';
    input.setAttribute('aria-describedby', help.id);
    this.inputs.set(k.key, { input, spec: k });
    if (k.kind === 'bool') {
      wrap.append(input, label, help);
    } else {
      wrap.append(label, input, help);
    }
    return wrap;
  }

  /** Show `values` (key → string from a canonical query); absent keys show their default. */
  set(values) {
    for (const [key, { input, spec }] of this.inputs) {
      const value = values.has(key) ? values.get(key) : String(spec.default ?? '');
      if (spec.kind === 'bool') input.checked = value === '1' || value === 'true';
      else input.value = value;
    }
  }

  /** key → string as the user has set them. */
  values() {
    const out = new Map();
    for (const [key, { input, spec }] of this.inputs) {
      out.set(key, spec.kind === 'bool' ? (input.checked ? '1' : '0') : input.value.trim());
    }
    return out;
  }
}
