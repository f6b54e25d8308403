/** A small hand-drawn SVG bar chart (no chart library): one bar per labelled value. */
export function RevenueChart({
  title,
  bars,
  format,
}: {
  title: string;
  bars: { label: string; value: bigint }[];
  format: (v: bigint) => string;
}) {
  if (bars.length === 0) return null;
  let max = 1n;
  for (const b of bars) if (b.value > max) max = b.value;
  const w = 600;
  const rowH = 26;
  const labelW = 170;
  const h = bars.length * rowH + 10;
  return (
    <figure>
      <svg className="chart" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={title}>
        <title>{title}</title>
        {bars.map((b, i) => {
          const len = Number((b.value * 1000n) / max) / 1000;
          const y = i * rowH + 5;
          return (
            <g key={b.label}>
              <text x={0} y={y + 15}>
                {b.label.length > 28 ? `${b.label.slice(0, 27)}…` : b.label}
              </text>
              <rect
                className="bar"
                x={labelW}
                y={y + 3}
                width={Math.max(2, len * (w - labelW - 110))}
                height={rowH - 8}
                rx={3}
              />
              <text x={labelW + Math.max(2, len * (w - labelW - 110)) + 6} y={y + 15}>
                {format(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="sr-only">{title}</figcaption>
    </figure>
  );
}
