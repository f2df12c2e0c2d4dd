// The playground's transport: Play/Pause, Step, Reset and the speed menu, which drive every
// run together; the Space key; and the status line under them.

import { SPEEDS } from '../protocol.js';
import { TEXT } from '../text.js';
import { statusLine } from './notices.js';

const $ = (id) => document.getElementById(id);

/** A run that cannot train on: it failed or diverged (Reset brings it back). */
export const blocked = (run) => Boolean(run.error) || run.diverged !== null;

export class Transport {
  /**
   * @param {() => {run: Run, label: string}[]} runs the runs on show
   * @param {{reset: () => void, speed: (steps: number) => void, changed: () => void}} on
   *   Reset and a new speed; `changed` after Play/Pause
   */
  constructor(runs, on) {
    this.runs = runs;
    $('play').addEventListener('click', () => {
      const list = runs();
      if (list.some((r) => r.run.playing)) for (const r of list) r.run.pause();
      else for (const r of list) r.run.play();
      on.changed();
    });
    $('step').addEventListener('click', () => {
      for (const { run } of runs()) if (!blocked(run)) run.step(1);
    });
    $('reset').addEventListener('click', () => on.reset());
    $('speed').addEventListener('change', (e) => on.speed(Number(e.target.value)));
    $('speed').replaceChildren(...SPEEDS.map((s) => new Option(TEXT.speedOption(s), String(s))));
    // Space plays/pauses when the focus is not on a control that uses the key itself.
    document.addEventListener('keydown', (e) => {
      if (e.key !== ' ' || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.target.closest('input, select, textarea, button, a, canvas')) return;
      e.preventDefault();
      $('play').click();
    });
  }

  /** Show `speed` in the menu, adding it when the URL asked for one the menu lacks. */
  showSpeed(speed) {
    const select = $('speed');
    if (![...select.options].some((o) => o.value === String(speed))) {
      select.append(new Option(TEXT.speedOption(speed), String(speed)));
    }
    select.value = String(speed);
  }

  /** Press Play (as autoplay does). */
  play() {
    $('play').click();
  }

  /** The buttons' state and the status line, from the runs as they are now. */
  update() {
    const runs = this.runs();
    const playing = runs.some((r) => r.run.playing);
    const play = $('play');
    play.textContent = playing ? TEXT.pause : TEXT.play;
    play.setAttribute('aria-pressed', String(playing));
    const allBlocked = runs.every((r) => blocked(r.run));
    play.disabled = allBlocked && !playing;
    $('step').disabled = allBlocked || playing;
    $('status').textContent = runs.map(({ run, label }) => statusLine(run, label, { rate: run.playing })).join('\n');
  }
}
