import { STATS_COLUMNS, percentage, statsItem, toNumber } from '../../shared/normalize';

const context = {
	provider: 'betatel' as const,
	channel: 'whatsapp' as const,
	report: 'stats',
	account: null,
	granularity: 'day' as const,
	period_start: null,
	period_end: null,
	timezone: 'UTC',
};

describe('statsItem', () => {
	it('emits every column, in order, with null for what a provider does not report', () => {
		const item = statsItem(context, { sent: 10, delivered: 9 });
		expect(Object.keys(item)).toEqual([...STATS_COLUMNS]);
		expect(item.read).toBeNull();
		expect(item.conversations).toBeNull();
		expect(item.currency).toBeNull();
	});

	it('derives failed and both rates, rounded to two decimals', () => {
		const item = statsItem(context, { sent: 1248, delivered: 1201 });
		expect(item.failed).toBe(47);
		expect(item.success_rate).toBe(96.23);
		expect(item.failure_rate).toBe(3.77);
	});

	it('keeps a reported failure count rather than deriving one', () => {
		expect(statsItem(context, { sent: 10, delivered: 5, failed: 2 }).failed).toBe(2);
	});

	it('leaves rates null when nothing was sent or sent is unknown', () => {
		expect(statsItem(context, { sent: 0, delivered: 0 }).success_rate).toBeNull();
		expect(statsItem(context, { delivered: 4 }).failure_rate).toBeNull();
	});

	it('turns numeric strings into numbers and puts extra keys after the columns', () => {
		const item = statsItem(
			context,
			{ sent: '12' as unknown as number },
			{ bucket_index: 3, sent: 99 },
		);
		expect(item.sent).toBe(12);
		expect(Object.keys(item).slice(-1)).toEqual(['bucket_index']);
	});

	it('parses loosely but never invents numbers', () => {
		expect(toNumber('abc')).toBeNull();
		expect(toNumber(Number.NaN)).toBeNull();
		expect(percentage(1, 3)).toBe(33.33);
	});
});
