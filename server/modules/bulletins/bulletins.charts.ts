import type { EChartsCoreOption } from 'echarts/core'
import { percent, points, rankRates, rankReview } from './bulletins.rules.js'
import type { BulletinFigures } from './bulletins.types.js'

/** The three charts of a bulletin as ECharts options; rendered to SVG by documents.charts. Pure. */

export type BulletinChart = { key: 'rates' | 'review' | 'trend', caption: string, option: EChartsCoreOption }

/** Size the SVGs are rendered at (CSS pixels); they are drawn scaled to the type area's width. */
export const CHART_PIXELS = { width: 640, height: 320 } as const

const INK = '#333333'
const ABOVE = '#3b6fb6'
const BELOW = '#c0504d'
const GRID_LINE = '#d9d9d9'

const axisText = { color: INK, fontSize: 12 }
const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10)

function targetLine (target: number) {
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color: BELOW, type: 'dashed', width: 1.5 },
    label: { formatter: `目标 ${points(target * 100)}%`, color: BELOW, fontSize: 12, position: 'insideEndTop' },
    data: [{ yAxis: pct(target) }]
  }
}

export function bulletinCharts (figures: BulletinFigures): BulletinChart[] {
  const counties = rankRates(figures.counties)
  const review = rankReview(figures.review)
  const yPercent = { type: 'value', min: 0, max: 100, interval: 20, axisLabel: { ...axisText, formatter: '{value}%' }, splitLine: { lineStyle: { color: GRID_LINE } } }
  const categories = (names: string[]) => ({ type: 'category', data: names, axisLabel: { ...axisText, interval: 0, rotate: names.length > 8 ? 30 : 0 }, axisLine: { lineStyle: { color: INK } }, axisTick: { show: false } })
  return [
    {
      key: 'rates',
      caption: '图1  各县（市、区）听证率',
      option: {
        grid: { left: 56, right: 24, top: 36, bottom: 56 },
        xAxis: categories(counties.map((c) => c.name)),
        yAxis: yPercent,
        series: [{
          type: 'bar',
          name: '听证率',
          barMaxWidth: 40,
          data: counties.map((c) => ({ value: pct(c.rate) ?? 0, itemStyle: { color: c.rate !== null && c.rate >= figures.target ? ABOVE : BELOW } })),
          label: { show: true, position: 'top', color: INK, fontSize: 11, formatter: (p: { dataIndex: number }) => { const r = counties[p.dataIndex]!.rate; return r === null ? '—' : percent(r) } },
          markLine: targetLine(figures.target)
        }]
      }
    },
    {
      key: 'review',
      caption: '图2  各县（市、区）复查工作得分（满分7分）',
      option: {
        grid: { left: 56, right: 24, top: 44, bottom: 56 },
        legend: { top: 4, textStyle: axisText, itemWidth: 14, itemHeight: 10 },
        xAxis: categories(review.map((r) => r.name)),
        yAxis: { type: 'value', min: 0, max: 7, interval: 1, axisLabel: { ...axisText, formatter: '{value}分' }, splitLine: { lineStyle: { color: GRID_LINE } } },
        series: ([['onTime', '按期办结（3分）', '#3b6fb6'], ['quality', '办理质量（2分）', '#6fa8dc'], ['entry', '系统录入（2分）', '#b4c7e7']] as const).map(([key, name, color], i) => ({
          type: 'bar',
          name,
          stack: 'score',
          barMaxWidth: 40,
          itemStyle: { color },
          data: review.map((r) => r[key]),
          ...(i === 2 ? { label: { show: true, position: 'top', color: INK, fontSize: 11, formatter: (p: { dataIndex: number }) => points(review[p.dataIndex]!.total) } } : {})
        }))
      }
    },
    {
      key: 'trend',
      caption: '图3  全市听证率月度走势',
      option: {
        grid: { left: 56, right: 24, top: 36, bottom: 40 },
        xAxis: { ...categories(figures.months.map((m) => `${Number(m.month.slice(5))}月`)), boundaryGap: false },
        yAxis: yPercent,
        series: [{
          type: 'line',
          name: '听证率',
          data: figures.months.map((m) => pct(m.rate)),
          connectNulls: false,
          symbol: 'circle',
          symbolSize: 6,
          lineStyle: { color: ABOVE, width: 2 },
          itemStyle: { color: ABOVE },
          label: { show: true, position: 'top', color: INK, fontSize: 11, formatter: (p: { value: number | null }) => (p.value === null ? '' : `${p.value.toFixed(1)}%`) },
          markLine: targetLine(figures.target)
        }]
      }
    }
  ]
}
