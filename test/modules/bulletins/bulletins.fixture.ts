import type { BulletinFigures, RateFigure } from '../../../server/modules/bulletins/bulletins.types.js'

const COUNTIES = ['东城区', '西城县', '南湖区', '北港县', '临海市', '青山县']

/**
 * Figures for a bulletin of 2026-01-01 to 2026-11-30, made by hand: six counties (rates 60%, 50%, 45%, 40%, 0 of 0,
 * 20%), `townships` townships spread over them, 复查 scores and eleven months. Used by the tests and the bench.
 */
export function sampleFigures ({ townships = 12 }: { townships?: number } = {}): BulletinFigures {
  const county = (i: number, eligible: number, heard: number, score: number): RateFigure => ({ regionId: 10 + i, name: COUNTIES[i]!, county: null, eligible, heard, rate: eligible === 0 ? null : heard / eligible, score })
  const counties = [county(0, 20, 12, 10), county(1, 30, 15, 10), county(2, 40, 18, 9), county(3, 10, 4, 8), county(4, 0, 0, 0), county(5, 25, 5, 4)]
  const towns: RateFigure[] = Array.from({ length: townships }, (_, i) => {
    const eligible = 4 + (i % 7)
    const heard = (i * 3) % (eligible + 1)
    const rate = heard / eligible
    return { regionId: 100 + i, name: `第${i + 1}街道`, county: COUNTIES[i % COUNTIES.length]!, eligible, heard, rate, score: rate < 0.05 ? 0 : Math.min(10, Math.floor(rate / 0.05)) }
  })
  return {
    period: { from: '2026-01-01', to: '2026-11-30' },
    target: 0.5,
    city: { name: '滨海市', eligible: 125, heard: 54, rate: 54 / 125, score: 8 },
    counties,
    townships: towns,
    review: [
      { regionId: 10, name: '东城区', cases: 6, onTime: 3, quality: 2, entry: 2, total: 7 },
      { regionId: 11, name: '西城县', cases: 4, onTime: 3, quality: 1.5, entry: 2, total: 6.5 },
      { regionId: 12, name: '南湖区', cases: 5, onTime: 2, quality: 2, entry: 1, total: 5 },
      { regionId: 15, name: '青山县', cases: 3, onTime: 1, quality: 1, entry: 0, total: 2 }
    ],
    months: Array.from({ length: 11 }, (_, i) => ({ month: `2026-${String(i + 1).padStart(2, '0')}`, eligible: 10 + i, heard: 3 + (i % 5), rate: (3 + (i % 5)) / (10 + i) })),
    rateNote: '听证率＝本期举行听证的信访事项数÷本期应听证的信访事项数；得分按听证率每5%计1分，最高10分。'
  }
}
