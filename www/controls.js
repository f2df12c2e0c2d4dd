// The configuration form, built from the engine's key table (wasm `keys()`): one labelled
// control per key, with a tooltip that is shown on hover and on keyboard focus. The words
// come from the message catalogues: `key.<name>.label` and `key.<name>.help`.
// Nothing from a query is ever inserted as HTML: values go through `.value`/`textContent`.

import { sharedNames } from './names.js';
import { say } from './text.js';

/** Which fieldset a key goes in (its legend a message id); keys not listed land in "more". */
const GROUPS = [
  ['play.group.network', ['act', 'alpha', 'depth', 'width', 'init', 'gain', 'bias', 'res', 'norm']],
  ['play.group.training', ['loss', 'opt', 'lr', 'batch', 'l2']],
  ['play.group.data', ['data', 'noise', 'seed']],
];

export class Controls {
  /**
   * @param {HTMLFormElement} form container to fill
   * @param keys the engine's key table (`gradfall_core::config::KEYS`): [{name,
   *   default, kind: {type: 'choice', values} | {type: 'float', min, max, auto} |
   *   {type: 'int', min, max} | {type: 'bool'}}]
   * @param {() => void} onChange called when the user changes any control
   */
  constructor(form, keys, onChange) {
    this.form = form;
    this.keys = keys.filter((k) => k.name !== sharedNames().versionKey);
    this.inputs = new Map();
    this.defaults = new Map(this.keys.map((k) => [k.name, k.default]));
    const byKey = new Map(this.keys.map((k) => [k.name, k]));
    const placed = new Set();
    for (const [title, names] of GROUPS) {
      const entries = names.filter((n) => byKey.has(n)).map((n) => byKey.get(n));
      entries.forEach((k) => placed.add(k.name));
      if (entries.length) form.append(this.fieldset(title, entries));
    }
    const rest = this.keys.filter((k) => !placed.has(k.name));
    if (rest.length) form.append(this.fieldset('play.group.more', rest));
    form.addEventListener('change', () => onChange());
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      onChange();
    });
  }

  fieldset(titleId, entries) {
    const fs = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = say(titleId);
    fs.append(legend);
    for (const k of entries) fs.append(this.field(k));
    return fs;
  }

  field(k) {
    const id = `key-${k.name}`;
    const type = k.kind.type;
    const wrap = document.createElement('div');
    wrap.className = `field field-${type}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = say(`key.${k.name}.label`);
    const code = document.createElement('code');
    code.textContent = k.name;
    label.append(' ', code);
    let input;
    if (type === 'choice') {
      input = document.createElement('select');
      for (const c of k.kind.values) {
        const opt = document.createElement('option');
        opt.value = c;
        opt.textContent = c;
        input.append(opt);
      }
    } else if (type === 'bool') {
      input = document.createElement('input');
      input.type = 'checkbox';
    } else {
      input = document.createElement('input');
      input.type = 'number';
      input.step = type === 'int' ? '1' : 'any';
      if (Number.isFinite(k.kind.min)) input.min = String(k.kind.min);
      if (Number.isFinite(k.kind.max)) input.max = String(k.kind.max);
      input.inputMode = type === 'int' ? 'numeric' : 'decimal';
      if (k.kind.auto) input.placeholder = say('play.auto');
    }
    input.id = id;
    input.name = k.name;
    const help = document.createElement('span');
    help.className = 'help';
    help.id = `${id}-help`;
    help.setAttribute('role', 'tooltip');
    help.textContent = say(`key.${k.name}.help`);
    input.setAttribute('aria-describedby', help.id);
    this.inputs.set(k.name, { input, spec: k });
    if (type === 'bool') {
      wrap.append(input, label, help);
    } else {
      wrap.append(label, input, help);
    }
    return wrap;
  }

  /** Show `values` (key → string from a canonical query); absent keys show their default. */
  set(values) {
    for (const [key, { input, spec }] of this.inputs) {
      const value = values.has(key) ? values.get(key) : spec.default;
      if (spec.kind.type === 'bool') input.checked = value === '1' || value === 'true';
      else if (spec.kind.auto && value === 'auto') input.value = '';
      else input.value = value;
    }
  }

  /** key → string as the user has set them (an emptied number field means its default). */
  values() {
    const out = new Map();
    for (const [key, { input, spec }] of this.inputs) {
      let value = input.value.trim();
      if (spec.kind.type === 'bool') value = input.checked ? '1' : '0';
      else if (value === '') value = spec.default;
      out.set(key, value);
    }
    return out;
  }
}
