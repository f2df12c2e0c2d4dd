// The configuration tabs of the playground (A–D, the tablist pattern) and the buttons
// beside them: duplicate the selected configuration, remove it, and the note saying what
// the controls edit.

import { TEXT } from '../text.js';

const $ = (id) => document.getElementById(id);

export class ConfigTabs {
  /**
   * @param {{select: (i: number) => void, duplicate: () => void, remove: () => void}} on
   *   what the reader asked for
   */
  constructor(on) {
    this.count = 0;
    this.selected = 0;
    this.letters = [];
    $('duplicate').addEventListener('click', () => on.duplicate());
    $('remove').addEventListener('click', () => on.remove());
    // Arrow keys, Home and End move between the tabs.
    $('config-tabs').addEventListener('keydown', (e) => {
      const last = this.count - 1;
      const moves = { ArrowLeft: -1, ArrowRight: 1, Home: -this.selected, End: last - this.selected };
      if (!(e.key in moves)) return;
      e.preventDefault();
      on.select(Math.max(0, Math.min(last, this.selected + moves[e.key])));
    });
    this.onSelect = (i) => on.select(i);
  }

  /**
   * Show one tab per run, `selected` the one the controls edit.
   * @param runs [{label, colour, description}] @param letters the configuration letters
   */
  show(runs, selected, letters) {
    this.count = runs.length;
    this.selected = selected;
    this.letters = letters;
    $('config-tabs').replaceChildren(...runs.map((r, i) => this.tab(r, i, runs.length > 1)));
    const full = runs.length >= letters.length;
    $('duplicate').disabled = full;
    $('duplicate').textContent = full ? TEXT.duplicateFull : TEXT.duplicate(letters[selected], letters[runs.length]);
    $('remove').hidden = runs.length < 2;
    $('remove').textContent = TEXT.remove(letters[selected]);
    $('config-note').textContent =
      runs.length > 1
        ? TEXT.compareNote(letters[selected], selected ? runs[selected].description : '', runs.length)
        : TEXT.singleNote;
    $('controls').setAttribute('aria-labelledby', this.tabId(selected));
  }

  /** Move the keyboard focus to the selected tab. */
  focus() {
    $(this.tabId(this.selected)).focus();
  }

  tabId(index) {
    return `config-tab-${this.letters[index]}`;
  }

  tab(r, i, several) {
    const letter = this.letters[i];
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.id = this.tabId(i);
    tab.className = 'config-tab';
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-selected', String(i === this.selected));
    tab.setAttribute('aria-controls', 'controls');
    tab.tabIndex = i === this.selected ? 0 : -1;
    tab.title = several ? TEXT.tabTitle(letter, r.description) : TEXT.tabTitleSingle;
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = r.colour;
    tab.append(swatch, letter);
    tab.addEventListener('click', () => this.onSelect(i));
    return tab;
  }
}
