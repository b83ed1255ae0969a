import { axisScale, compactNumber } from '../../../shared/chart/draw';
import { statsFigures, totalsOf } from '../../../shared/chart/fromItems';
import { statsItem } from '../../../shared/normalize';
import { ZONE, dailyItems, SERIES_PLAN } from './fixtures';

describe('figures and totals', () => {
	test('totals recompute the rates from the sums and leave out the whole-range item', () => {
		const items = dailyItems(2);
		const summary = { ...items[0], granularity: 'range', sent: 999_999 };
		const totals = totalsOf([summary, ...items], SERIES_PLAN);
		const sent = Number(items[0].sent) + Number(items[1].sent);
		const failed = Number(items[0].failed) + Number(items[1].failed);
		expect(totals).toMatchObject({ sent, failed, granularity: 'range', currency: 'EUR' });
		expect(totals.failure_rate).toBeCloseTo((failed / sent) * 100, 1);
		expect(totals.period_start).toBe('2026-11-01T00:00:00+01:00');
		expect(totals.period_end).toBe('2026-11-03T00:00:00+01:00');
	});

	test('conversation reports chart conversations', () => {
		const item = statsItem(
			{
				provider: '99digital',
				channel: 'whatsapp',
				report: 'conversations',
				account: null,
				granularity: 'month',
				period_start: null,
				period_end: null,
				timezone: ZONE,
			},
			{ conversations: 12 },
		);
		expect(statsFigures([item]).map((figure) => figure.key)).toEqual(['conversations']);
	});

	test('axis labels are short and round', () => {
		expect([
			compactNumber(1234),
			compactNumber(12_345),
			compactNumber(2_500_000),
			compactNumber(35),
		]).toEqual(['1.2k', '12k', '2.5M', '35']);
		expect(axisScale(1270, true)).toEqual({ top: 1500, step: 500 });
		expect(axisScale(0, true)).toEqual({ top: 4, step: 1 });
		expect(axisScale(3, true)).toEqual({ top: 3, step: 1 });
	});
});
