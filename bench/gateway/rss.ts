/** Resident memory of a process, from /proc/<pid>/status (Linux), sampled on an interval. */
import { readFileSync } from "node:fs";

export function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (m?.[1] === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(m[1]);
}

/** Samples every `intervalMs` until stopped; `stop()` returns the baseline and the peak (KiB). */
export function sampleRss(
  pid: number,
  intervalMs = 50,
): { stop: () => { baseKiB: number; maxKiB: number; samples: number } } {
  const baseKiB = rssKiB(pid);
  let maxKiB = baseKiB;
  let samples = 1;
  const timer = setInterval(() => {
    try {
      maxKiB = Math.max(maxKiB, rssKiB(pid));
      samples++;
    } catch {
      // the process is gone
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      try {
        maxKiB = Math.max(maxKiB, rssKiB(pid));
      } catch {}
      return { baseKiB, maxKiB, samples };
    },
  };
}
