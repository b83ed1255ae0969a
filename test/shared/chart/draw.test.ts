/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { CHART_HEIGHT, CHART_WIDTH, drawChart } from '../../../shared/chart/draw';
import {
	chartFileName,
	chartOf,
	type ChartPlan,
	findNotAFigure,
	totalsOf,
} from '../../../shared/chart/fromItems';
import { statsItem } from '../../../shared/normalize';
import { ZONE, START, dailyItems, SERIES_PLAN, decode, colourAt, coloursIn } from './fixtures';

describe('the chart of a series', () => {
	const png = drawChart(chartOf(dailyItems(30), SERIES_PLAN)).png();
	const image = decode(png);

	test('is a 960×540 PNG under 100 KB that an independent decoder reads', () => {
		expect([image.width, image.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
		expect(png.length).toBeLessThan(100_000);
	});

	test('has a white background, bars of sent and failed, a failure-rate line, and text', () => {
		expect(colourAt(image, 2, 2)).toBe('background');
		expect(colourAt(image, CHART_WIDTH - 2, CHART_HEIGHT - 2)).toBe('background');
		const plot = coloursIn(image, { x: 70, y: 112, width: 800, height: 380 });
		expect(plot.get('sent')).toBeGreaterThan(50_000);
		expect(plot.get('failed')).toBeGreaterThan(1_000);
		expect(plot.get('rate')).toBeGreaterThan(1_000);
		// The title, the axis labels and the dates below the bars.
		expect(coloursIn(image, { x: 24, y: 18, width: 400, height: 21 }).get('text')).toBeGreaterThan(
			500,
		);
		expect(
			coloursIn(image, { x: 0, y: 500, width: 960, height: 30 }).get('mutedText'),
		).toBeGreaterThan(300);
		expect(plot.get(undefined)).toBeUndefined();
	});

	test('is the same picture every time: the golden image', () => {
		const golden = join(__dirname, 'golden', 'betatel-daily-30.png');
		if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, png);
		expect(existsSync(golden)).toBe(true);
		expect(Buffer.compare(Buffer.from(png), readFileSync(golden))).toBe(0);
		expect(
			Buffer.compare(
				Buffer.from(drawChart(chartOf(dailyItems(30), SERIES_PLAN)).png()),
				Buffer.from(png),
			),
		).toBe(0);
	});

	test('names itself by provider, channel, report and days', () => {
		expect(chartFileName(dailyItems(30), SERIES_PLAN.subject)).toBe(
			'betatel-whatsapp-statistics-2026-11-01-to-2026-11-30.png',
		);
	});

	test('labels periods in the time zone and keeps 1,000 periods readable', () => {
		const chart = chartOf(dailyItems(3), SERIES_PLAN);
		expect(chart.labels).toEqual(['1 Nov', '2 Nov', '3 Nov']);
		expect(chart.subtitle).toBe('1 Nov 2026 to 3 Nov 2026, Europe/Berlin');
		const big = decode(drawChart(chartOf(dailyItems(1000, 'hour'), SERIES_PLAN)).png());
		expect(big.width).toBe(CHART_WIDTH);
	});
});

describe('the chart of groups', () => {
	const networks = Array.from({ length: 15 }, (_, index) =>
		statsItem(
			{
				provider: 'betatel',
				channel: 'whatsapp',
				report: 'delivery_records',
				account: null,
				granularity: 'range',
				period_start: '2026-11-28T00:00:00+01:00',
				period_end: '2026-11-29T00:00:00+01:00',
				timezone: ZONE,
			},
			{ sent: 100 + index, failed: index === 3 ? 90 : index },
			{ network: `net ${index}` },
		),
	);
	const plan: ChartPlan = { ...SERIES_PLAN, groupOf: (item) => String(item.network) };

	test('puts the most failures first and sums what is past twelve as "other"', () => {
		const chart = chartOf(networks, plan);
		expect(chart.labels[0]).toBe('net 3');
		expect(chart.labels).toHaveLength(12);
		expect(chart.labels[11]).toBe('other (4)');
		const failed = chart.bars.find((bar) => bar.name === 'Failed')!;
		expect(failed.values[11]).toBe(0 + 1 + 2 + 4);
	});

	test('draws horizontal bars with their figures beside them', () => {
		const image = decode(drawChart(chartOf(networks, plan)).png());
		const bars = coloursIn(image, { x: 100, y: 112, width: 500, height: 380 });
		expect(bars.get('sent')).toBeGreaterThan(5_000);
		expect(bars.get('failed')).toBeGreaterThan(200);
		expect(bars.get('text')).toBeGreaterThan(1_000);
	});
});

describe('what a chart cannot draw', () => {
	test('no items give a chart that says there is no data', () => {
		const plan: ChartPlan = {
			...SERIES_PLAN,
			subject: { ...SERIES_PLAN.subject, range: { start: START, end: START.plus({ days: 7 }) } },
		};
		const chart = chartOf([], plan);
		expect(chart.labels).toEqual([]);
		expect(chart.subtitle).toBe('1 Nov 2026 to 7 Nov 2026, Europe/Berlin');
		const image = decode(drawChart(chart).png());
		expect(
			coloursIn(image, { x: 280, y: 280, width: 400, height: 40 }).get('mutedText'),
		).toBeGreaterThan(300);
		expect(totalsOf([], plan)).toMatchObject({ sent: null, granularity: 'range' });
	});

	test('a figure that is not a number is found, with its field; a blank one is none', () => {
		const items = dailyItems(2);
		items[1].sent = 'lots';
		expect(findNotAFigure(items, SERIES_PLAN)).toEqual({ field: 'sent', value: 'lots' });
		items[1].sent = null;
		expect(findNotAFigure(items, SERIES_PLAN)).toBeUndefined();
	});
});
