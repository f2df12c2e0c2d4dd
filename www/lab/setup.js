// The playground's side of the lab (#lab): a click on the phase diagram sets `gain` and
// `bstd` of the chosen configuration through the URL (so its run restarts), the spectrum's
// preset buttons load the engine's presets, and "Fill with real runs" gets its pool.

import { presets } from '../pkg/gradfall_wasm.js';
import { FillRuns } from './fill.js';

/**
 * @param page `{charts, setKeys(Map), choosePreset(query), chosenQuery()}`
 * @param exposed the page's test hooks (window.gradfall): gets `fill`
 */
export function installLab(page, exposed) {
  const phase = page.charts.phase;
  phase.canvas.classList.add('pickable');
  phase.onPick = ({ gain, bstd }) =>
    page.setKeys(
      new Map([
        ['gain', String(gain)],
        ['bstd', String(bstd)],
      ]),
    );
  const byName = new Map(presets().map((p) => [p.name, p.query]));
  for (const button of document.querySelectorAll('#lab [data-preset]')) {
    const query = byName.get(button.dataset.preset);
    if (query) button.addEventListener('click', () => page.choosePreset(query));
    else button.hidden = true;
  }
  return new FillRuns(phase, () => page.chosenQuery(), exposed);
}
