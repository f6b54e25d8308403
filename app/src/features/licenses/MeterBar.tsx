/** A usage meter (native <meter>): below 80 % optimum, from 80 % suboptimal, at the cap the worst. */
import { type Meter, WARN_AT } from "./usageCaps.ts";

export function MeterBar({ meter, label }: { meter: Meter; label: string }) {
  // Native colours: below 80 % optimum, from 80 % suboptimal, at the cap the worst (the half steps
  // put whole numbers of calls on the right side of each boundary).
  return (
    <meter
      className={`usage-meter usage-${meter.level}`}
      aria-label={label}
      aria-valuetext={meter.words}
      min={0}
      max={meter.cap}
      low={Math.max(0, meter.cap * WARN_AT - 0.5)}
      high={meter.cap - 0.5}
      optimum={0}
      value={Math.min(meter.used, meter.cap)}
    />
  );
}
