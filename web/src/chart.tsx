/**
 * @module A small Chart.js wrapper: `<LineChart>` and `<BarChart>` take labels and named series, draw on a
 * canvas when mounted, redraw when the data changes, and free the chart on unmount. Only the Chart.js
 * pieces these two charts need are registered, to keep the bundle small.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartType,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js'
import { useEffect, useRef } from 'preact/hooks'

Chart.register(
  LineController,
  BarController,
  LineElement,
  BarElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
)

export interface Series {
  readonly label: string
  readonly data: readonly (number | null)[]
}

export interface ChartProps {
  readonly labels: readonly string[]
  readonly series: readonly Series[]
  /** Fixes the top of the y axis (e.g. 100 for scores); otherwise Chart.js picks it. */
  readonly yMax?: number
  /** Read by screen readers in place of the picture. */
  readonly ariaLabel: string
}

/**
 * Distinct, colour-blind-friendly colours (Okabe–Ito), in series order, darkened where needed so that each
 * keeps at least 3:1 against the white card (WCAG 1.4.11, non-text contrast): bars are drawn solid.
 */
const COLORS = ['#0072b2', '#c85a00', '#008a64', '#b5578e', '#9a6700', '#3a88bb']
/** Legend and axis text: the dashboard's muted text colour (6.4:1 on white). */
Chart.defaults.color = '#55606e'

function ChartCanvas(props: ChartProps & { type: Extract<ChartType, 'line' | 'bar'> }) {
  const ref = useRef<HTMLCanvasElement>(null)
  // Redraw only when what is drawn changes, not on every render of the parent.
  const key = JSON.stringify([props.type, props.labels, props.series, props.yMax ?? null])
  useEffect(() => {
    const canvas = ref.current
    if (!canvas) return
    const reduceMotion =
      typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches
    const chart = new Chart(canvas, {
      type: props.type,
      data: {
        labels: [...props.labels],
        datasets: props.series.map((s, i) => {
          const color = COLORS[i % COLORS.length] as string
          return {
            label: s.label,
            data: [...s.data],
            borderColor: color,
            backgroundColor: color,
            ...(props.type === 'line' ? { spanGaps: true, tension: 0.2, pointRadius: 3 } : {}),
          }
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 300 },
        interaction: { mode: 'index', intersect: false },
        scales: {
          y: { beginAtZero: true, ...(props.yMax !== undefined ? { max: props.yMax } : {}) },
        },
        plugins: { legend: { display: props.series.length > 1, position: 'bottom' } },
      },
    })
    return () => chart.destroy()
  }, [key])
  return (
    <div class="chart">
      <canvas ref={ref} role="img" aria-label={props.ariaLabel} />
    </div>
  )
}

export function LineChart(props: ChartProps) {
  return <ChartCanvas type="line" {...props} />
}

export function BarChart(props: ChartProps) {
  return <ChartCanvas type="bar" {...props} />
}
