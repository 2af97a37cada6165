/**
 * `run`'s progress on stderr: on a terminal, one live status line (state and elapsed time, drawn by ora,
 * loaded only then); otherwise plain lines, one per state change or event. Log lines written to stdout
 * meanwhile appear above the status line (ora clears and redraws it around every write).
 */
import type { Output } from './output.js';

export interface StatusLine {
  /** The current state, shown until the next one. */
  state(text: string): void;
  /** A line worth keeping (an event, a notice). */
  note(text: string): void;
  /** Removes the live line, if any; idempotent. */
  stop(): void;
}

/** `4.2s`, `1m05s`, `2h03m`. */
export function formatElapsed(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export async function createStatusLine(out: Output, label: string, startedAt: number, now: () => number = Date.now): Promise<StatusLine> {
  const elapsed = () => formatElapsed(now() - startedAt);
  if (!out.interactive) {
    return {
      state: (text) => out.progress(`[${elapsed()}] ${label}: ${text}`),
      note: (text) => out.progress(`[${elapsed()}] ${label}: ${text}`),
      stop: () => {},
    };
  }
  const { default: ora } = await import('ora');
  let current = 'starting';
  const spinner = ora({ stream: out.streams.stderr as NodeJS.WritableStream, text: `${label}: ${current}`, discardStdin: false }).start();
  const timer = setInterval(() => (spinner.text = `${label}: ${current}  ${elapsed()}`), 1000);
  timer.unref();
  let stopped = false;
  return {
    state(text) {
      current = text;
      spinner.text = `${label}: ${current}  ${elapsed()}`;
    },
    note(text) {
      // ora clears the spinner around writes to the stream it draws on.
      out.progress(`${label}: ${text}`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      spinner.stop();
    },
  };
}
