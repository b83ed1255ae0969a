import { range, whatomateServers } from '../fixtures';

const { documented, run } = whatomateServers();

describe('Whatomate message analytics', () => {
	it('messages: a summary with by_type and one item per timeline bucket', async () => {
		const result = await run(documented, {
			operation: 'getMessageAnalytics',
			...range,
			granularity: 'day',
		});
		const [summary, ...timeline] = result.json('Whatomate');
		expect(summary).toMatchObject({
			report: 'messages',
			granularity: 'range',
			sent: 10000,
			received: 8000,
			delivered: 9800,
			read: 7500,
			failed: 200,
			success_rate: 98,
			failure_rate: 2,
			delivery_rate: 98,
			read_rate: 76.5,
			by_type: { text: 12000, image: 3000, template: 2500, document: 500 },
		});
		expect(
			timeline.map((item) => [item.period_start, item.period_end, item.sent, item.failed]),
		).toEqual([
			['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', 500, 10],
			['2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z', 600, 10],
		]);
		expect(Object.fromEntries(documented.requests[0].query)).toMatchObject({
			granularity: 'day',
			from: '2026-11-01',
			to: '2026-11-07',
		});
	});

	it('messages: summary only or timeline only', async () => {
		expect(
			(
				await run(documented, { operation: 'getMessageAnalytics', ...range, include: 'summary' })
			).json('Whatomate'),
		).toHaveLength(1);
		const timeline = (
			await run(documented, { operation: 'getMessageAnalytics', ...range, include: 'timeline' })
		).json('Whatomate');
		expect(timeline.map((item) => item.granularity)).toEqual(['day', 'day']);
	});
});

describe('timeline buckets that are not one unit apart', () => {
	it('daily dates answered for a weekly request end at the next date, never overlapping', async () => {
		const timeline = (
			await run(documented, {
				operation: 'getMessageAnalytics',
				...range,
				granularity: 'week',
				include: 'timeline',
			})
		).json('Whatomate');
		expect(timeline.map((item) => [item.period_start, item.period_end])).toEqual([
			['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'],
			['2026-11-02T00:00:00Z', '2026-11-09T00:00:00Z'],
		]);
	});
});
