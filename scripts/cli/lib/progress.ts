/**
 * A byte progress bar on stderr: redrawn in place on a terminal (at most ten times a second), a
 * few plain lines (each quarter) when stderr is a file or a pipe, so logs stay short.
 */
import { formatBytes } from "./output.ts";

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const WIDTH = 24;
const REDRAW_MS = 100;

export class ProgressBar {
  readonly #stream: ProgressStream;
  readonly #label: string;
  readonly #total: number;
  readonly #tty: boolean;
  #done = 0;
  #lastDraw = 0;
  #quarter = 0;
  #finished = false;
  #detail = "";

  constructor(stream: ProgressStream, label: string, total: number) {
    this.#stream = stream;
    this.#label = label;
    this.#total = total;
    this.#tty = stream.isTTY === true;
  }

  /** Moves the bar by `bytes`; `detail` (e.g. the current file) is shown beside it on a terminal. */
  advance(bytes: number, detail?: string): void {
    this.#done += bytes;
    if (detail !== undefined) this.#detail = detail;
    this.#render(false);
  }

  /** Sets the bar to `done` bytes (for callbacks that report totals so far). */
  moveTo(done: number): void {
    this.advance(done - this.#done);
  }

  /** Draws the final state and ends the line. */
  finish(): void {
    if (this.#finished) return;
    this.#done = Math.max(this.#done, this.#total);
    this.#render(true);
    this.#finished = true;
  }

  #fraction(): number {
    return this.#total === 0 ? 1 : Math.min(1, this.#done / this.#total);
  }

  #render(final: boolean): void {
    if (this.#finished) return;
    const fraction = this.#fraction();
    const percent = Math.floor(fraction * 100);
    const amounts = `${formatBytes(this.#done)} / ${formatBytes(this.#total)}`;
    if (this.#tty) {
      const now = Date.now();
      if (!final && now - this.#lastDraw < REDRAW_MS) return;
      this.#lastDraw = now;
      const filled = Math.round(fraction * WIDTH);
      const bar = `${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}`;
      const detail = this.#detail ? `  ${this.#detail}` : "";
      this.#stream.write(`\r\x1b[K${this.#label} [${bar}] ${String(percent).padStart(3)}% ${amounts}${detail}`);
      if (final) this.#stream.write("\n");
      return;
    }
    const quarter = Math.floor(fraction * 4);
    if (quarter > this.#quarter || (final && this.#quarter < 4)) {
      this.#quarter = final ? 4 : quarter;
      this.#stream.write(`${this.#label}: ${final ? 100 : quarter * 25}% (${amounts})\n`);
    }
  }
}
