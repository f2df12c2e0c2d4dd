// The Seeds mode on the embed page (`view=seeds`): a card with the same controls, progress,
// Cancel and results as the playground's "Over seeds" card, built here because embed.html
// has no static markup for it, and driven by the same SeedsPanel and worker pool.

import { SeedsPanel, DEFAULT_SEEDS } from './panel.js';
import { TEXT } from '../text.js';

function element(tag, attrs = {}, text = '') {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text) node.textContent = text;
  return node;
}

/** The card's markup, with the element ids SeedsPanel looks for. */
function cardBody(card, seeds, max) {
  const count = element('input', { id: 'seeds-count', type: 'number', min: 1, max, step: 1, value: seeds });
  const label = element('label');
  label.append(element('span', {}, TEXT.message('seeds_mode.count')), ' ', count);
  const controls = element('div', { class: 'seeds-controls' });
  controls.append(
    label,
    element('button', { id: 'seeds-run', type: 'button' }, TEXT.message('seeds_mode.run')),
    element('button', { id: 'seeds-cancel', type: 'button', disabled: '' }, TEXT.message('seeds_mode.cancel')),
  );
  card.append(
    controls,
    element('progress', { id: 'seeds-progress', value: 0, max: 1 }),
    element('p', { id: 'seeds-status', class: 'explain', 'aria-live': 'polite' }, TEXT.seedsEmbedIdle(seeds)),
    element('div', { id: 'chart-seeds', class: 'seeds-chart' }),
    element('ul', { id: 'seeds-reached', class: 'seeds-reached' }),
    element('div', { id: 'chart-seeds-profile', class: 'chart', 'data-label': TEXT.seedsProfileLabel }),
  );
}

/**
 * Fill `card` (already in the document) with the Seeds mode for the experiment `query`:
 * `seeds` from the URL (null: the default), `metric` the depth profile's, `max` the
 * engine's limit. Returns the SeedsPanel (its `charts()` join the page's drawing loop).
 */
export function seedsCard(card, { query, seeds, metric, max, exposed }) {
  const n = seeds || DEFAULT_SEEDS;
  cardBody(card, n, max);
  const panel = new SeedsPanel({ query: () => query, setSeeds: () => {}, metric: () => metric }, exposed);
  panel.show(n);
  return panel;
}
