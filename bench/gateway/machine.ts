/**
 * How busy the machine was during a phase, and how much of that was not the bench (Linux /proc):
 * other processes on a small machine show up as tail latency, so each phase reports them. A
 * process counts as the bench's when it descends from this process (its wrk and curl runs count
 * through this process's children's time); other processes count with their own time only, so
 * short-lived ones that both started and ended inside the phase are in the machine total but not
 * attributed.
 */
import { readdirSync, readFileSync } from "node:fs";

interface Proc {
  ppid: number;
  comm: string;
  /** utime + stime. */
  own: number;
  /** Plus cutime + cstime (its waited-for children). */
  ticks: number;
}

export interface CpuSnapshot {
  at: number;
  busyTicks: number;
  procs: Map<number, Proc>;
}

const TICKS_PER_SEC = 100; // USER_HZ on Linux

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat.slice(close + 2).split(" ");
    // fields[0] is state (field 3): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
    const f = (n: number) => Number(fields[n - 3]);
    return { ppid: f(4), comm, own: f(14) + f(15), ticks: f(14) + f(15) + f(16) + f(17) };
  } catch {
    return null; // gone
  }
}

export function cpuSnapshot(): CpuSnapshot {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait
  const busyTicks = cpu.slice(0, 8).reduce((sum, n, i) => (i === 3 || i === 4 ? sum : sum + n), 0);
  const procs = new Map<number, Proc>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const proc = readProc(Number(name));
    if (proc !== null) procs.set(Number(name), proc);
  }
  return { at: performance.now(), busyTicks, procs };
}

export interface CpuUse {
  seconds: number;
  /** Cores busy on average, whole machine. */
  machineCores: number;
  /** Of which the bench's processes (this one, its children and their children). */
  benchCores: number;
  /** Of which other processes (alive at the end of the phase). */
  otherCores: number;
  /** The busiest other processes: `comm (pid)` → cores. */
  topOthers: Record<string, number>;
}

export function cpuUse(before: CpuSnapshot, after: CpuSnapshot = cpuSnapshot()): CpuUse {
  const seconds = (after.at - before.at) / 1000;
  const cores = (ticks: number) => Number((ticks / TICKS_PER_SEC / seconds).toFixed(2));
  const isBench = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === process.pid) return true;
      const proc = after.procs.get(p) ?? before.procs.get(p);
      if (proc === undefined) return false;
      p = proc.ppid;
    }
    return false;
  };
  let bench = 0;
  const others: [string, number][] = [];
  for (const [pid, proc] of after.procs) {
    const was = before.procs.get(pid);
    // A pid reused by another process in between: count from zero.
    const same = was !== undefined && was.comm === proc.comm;
    if (isBench(pid)) {
      // With cutime/cstime: the bench waits for its wrk and curl runs, so they land in its own.
      const delta = same ? proc.ticks - was.ticks : proc.ticks;
      if (delta > 0) bench += delta;
    } else {
      // Own time only: another parent's cutime would count its children's whole lifetimes at once.
      const delta = same ? proc.own - was.own : proc.own;
      if (delta > 0) others.push([`${proc.comm} (${pid})`, delta]);
    }
  }
  others.sort((a, b) => b[1] - a[1]);
  const otherTicks = others.reduce((sum, [, n]) => sum + n, 0);
  return {
    seconds: Number(seconds.toFixed(1)),
    machineCores: cores(after.busyTicks - before.busyTicks),
    benchCores: cores(bench),
    otherCores: cores(otherTicks),
    topOthers: Object.fromEntries(others.slice(0, 3).map(([name, n]) => [name, cores(n)])),
  };
}
