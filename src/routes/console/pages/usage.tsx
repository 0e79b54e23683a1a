export interface DayUsage {
  day: string
  /** Per provider: calls and minutes that day. */
  providers: Record<string, { calls: number; minutes: number }>
}

const PALETTE = ['#1f5fbf', '#b8420f', '#2a7a3b', '#7b3fa0', '#8a6d00', '#0f6f7a', '#a3244f']
const WIDTH = 720
const HEIGHT = 260
const PAD = { top: 16, right: 12, bottom: 40, left: 44 }

/** Stacked bars per day, one colour per provider: drawn here, no chart library and no other origin. */
function Chart(props: { days: DayUsage[]; providers: string[]; metric: 'calls' | 'minutes'; title: string }) {
  const { days, providers, metric } = props
  const totals = days.map((d) => providers.reduce((sum, p) => sum + (d.providers[p]?.[metric] ?? 0), 0))
  const max = Math.max(1, ...totals)
  const plotW = WIDTH - PAD.left - PAD.right
  const plotH = HEIGHT - PAD.top - PAD.bottom
  const slot = plotW / Math.max(1, days.length)
  const barW = Math.max(2, slot * 0.7)
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH
  const ticks = [0, max / 2, max]
  const id = `chart-${metric}`
  return (
    <figure>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>{props.title}</title>
        {ticks.map((t) => (
          <g>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} class="grid" />
            <text x={PAD.left - 6} y={y(t) + 4} text-anchor="end" class="axis">
              {metric === 'calls' ? Math.round(t) : t.toFixed(1)}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          let base = 0
          const x = PAD.left + i * slot + (slot - barW) / 2
          return (
            <g>
              {providers.map((p, j) => {
                const v = d.providers[p]?.[metric] ?? 0
                if (v === 0) return null
                const top = y(base + v)
                const height = y(base) - top
                base += v
                return (
                  <rect x={x} y={top} width={barW} height={height} fill={PALETTE[j % PALETTE.length]}>
                    <title>{`${d.day} ${p}: ${metric === 'calls' ? v : v.toFixed(1)} ${metric}`}</title>
                  </rect>
                )
              })}
              {(i % Math.ceil(days.length / 7) === 0 || i === days.length - 1) && (
                <text x={x + barW / 2} y={HEIGHT - PAD.bottom + 16} text-anchor="middle" class="axis">
                  {d.day.slice(5)}
                </text>
              )}
            </g>
          )
        })}
      </svg>
      <figcaption>
        {props.title}.{' '}
        {providers.map((p, j) => (
          <span class="key">
            <span class={`swatch c${j % PALETTE.length}`} aria-hidden="true" />
            {p}
          </span>
        ))}
      </figcaption>
    </figure>
  )
}

export function UsagePage(props: { days: DayUsage[]; providers: string[] }) {
  const { days, providers } = props
  return (
    <>
      <p>
        The last {days.length} days, per provider per day (UTC), counted from the ledger as GET /v1/usage
        counts them.
      </p>
      {providers.length === 0 ? (
        <p>No calls in this period.</p>
      ) : (
        <>
          <Chart days={days} providers={providers} metric="calls" title="Calls per day" />
          <Chart days={days} providers={providers} metric="minutes" title="Minutes per day" />
        </>
      )}
      <div class="scroll">
        <table>
          <caption>The same figures as a table.</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Provider</th>
              <th scope="col">Calls</th>
              <th scope="col">Minutes</th>
            </tr>
          </thead>
          <tbody>
            {days.flatMap((d) =>
              Object.entries(d.providers).map(([p, u]) => (
                <tr>
                  <th scope="row">{d.day}</th>
                  <td>{p}</td>
                  <td>{u.calls}</td>
                  <td>{u.minutes.toFixed(1)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </>
  )
}
