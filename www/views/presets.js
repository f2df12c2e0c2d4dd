// The preset menu of the playground: single-network presets, then the comparisons (an
// optgroup each), and the explanation of the preset the current experiment matches.

import { parseExperiment } from '../pkg/gradfall_wasm.js';
import { withoutUi } from '../experiment-url.js';
import { TEXT, say } from '../text.js';

const $ = (id) => document.getElementById(id);

export class PresetMenu {
  /**
   * @param singles `presets()`, @param pairs `comparePresets()`: [{name, query}]; their
   *   words are the messages `preset.<name>.title` and `preset.<name>.text`
   * @param {(query: string) => void} choose called with the query of the chosen preset
   */
  constructor(singles, pairs, choose) {
    this.groups = { single: singles, compare: pairs };
    // Canonical configurations of every preset, to recognise the one on show.
    this.known = Object.entries(this.groups).flatMap(([kind, list]) =>
      list.map((p) => ({ value: `${kind}:${p.name}`, preset: p, query: withoutUi(parseExperiment(p.query).query) })),
    );
    const select = $('preset');
    const empty = new Option(TEXT.choosePreset, '');
    select.replaceChildren(empty, ...this.optgroups());
    select.addEventListener('change', () => {
      const match = this.known.find((k) => k.value === select.value);
      if (match) choose(match.preset.query);
    });
  }

  optgroups() {
    const titled = [
      [TEXT.singlePresets, 'single'],
      [TEXT.comparePresets, 'compare'],
    ];
    return titled
      .filter(([, kind]) => this.groups[kind].length)
      .map(([title, kind]) => {
        const group = document.createElement('optgroup');
        group.label = title;
        for (const p of this.groups[kind]) {
          const runs = kind === 'compare' ? parseExperiment(p.query).configs.length : 0;
          const title = say(`preset.${p.name}.title`);
          const opt = new Option(runs ? TEXT.comparePreset(title, runs) : title, `${kind}:${p.name}`);
          opt.title = say(`preset.${p.name}.text`);
          group.append(opt);
        }
        return group;
      });
  }

  /** Select the preset whose configurations are those of `query` and show its explanation. */
  sync(query) {
    const current = withoutUi(query);
    const match = this.known.find((k) => k.query === current);
    $('preset').value = match ? match.value : '';
    $('preset-explanation').textContent = match ? say(`preset.${match.preset.name}.text`) : '';
  }
}
