import { DateTime } from 'luxon';

import {
	bucketedItems,
	rangeQuery,
	remainder,
	wholeDays,
} from '../../../packages/n8n-nodes-whatomate/nodes/Whatomate/helpers/reports';

const day = (date: string) => DateTime.fromISO(date, { zone: 'UTC' });
const range = { from: day('2026-11-01'), to: day('2026-11-30') };
const periods = (items: Array<Record<string, unknown>>) =>
	items.map((item) => [item.period_start, item.period_end]);

describe('bucketedItems', () => {
	it('dates each entry by its unit when the dates are one unit apart', () => {
		const items = bucketedItems([{ date: '2026-11-02' }, { date: '2026-11-09' }], 'week', () => ({
			report: 'agents',
			account: '',
		}));
		expect(periods(items)).toEqual([
			['2026-11-02T00:00:00Z', '2026-11-09T00:00:00Z'],
			['2026-11-09T00:00:00Z', '2026-11-16T00:00:00Z'],
		]);
		expect(items.map((item) => item.granularity)).toEqual(['week', 'week']);
	});

	it('a server answering daily dates for weeks: each entry up to the next, none made up', () => {
		const items = bucketedItems(
			[{ date: '2026-11-02' }, { date: '2026-11-03' }, { date: 'soon' }],
			'week',
			(entry) => ({ report: 'messages', account: 'acc', extra: remainder(entry, ['date']) }),
		);
		expect(periods(items)).toEqual([
			['2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z'],
			['2026-11-03T00:00:00Z', '2026-11-10T00:00:00Z'],
			[null, null],
		]);
		expect(items[0].account).toBe('acc');
	});
});

describe('the range as Whatomate reads it', () => {
	it('both servers’ names for it, whole UTC days with the last included', () => {
		expect(rangeQuery(range, '')).toEqual({
			from: '2026-11-01',
			to: '2026-11-30',
			start_date: '2026-11-01T00:00:00.000Z',
			end_date: '2026-11-30T23:59:59.999Z',
		});
		expect(rangeQuery(range, 'acc-1').account_id).toBe('acc-1');
		expect(wholeDays(range).end.toISODate()).toBe('2026-12-01');
	});

	it('remainder keeps what the normalized columns did not take', () => {
		expect(remainder({ sent: 1, date: 'x', extra: true }, ['sent', 'date'])).toEqual({
			extra: true,
		});
		expect(remainder(undefined, [])).toEqual({});
	});
});
