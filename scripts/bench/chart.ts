/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a developer script, run by Node beside n8n, never inside it */
import { deflateSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';

import { DateTime } from 'luxon';

import { drawChart } from '../../shared/chart/draw';
import { chartOf, SENT_AND_FAILED, type ChartPlan } from '../../shared/chart/fromItems';
import { zlibCompress } from '../../shared/chart/png';
import { statsItem } from '../../shared/normalize';
import { publish } from './figures';

/**
 * How long a chart takes to draw and encode, and how well the package's own DEFLATE packs
 * it, against Node's zlib at its best level on the same rows. `npm run bench:chart`.
 */
const ZONE = 'Europe/Berlin';
const RUNS = 15;

function hourlyItems(count: number) {
	const start = DateTime.fromISO('2026-01-01T00:00', { zone: ZONE });
	return Array.from({ length: count }, (_, index) => {
		const period = start.plus({ hours: index });
		const sent = 500 + ((index * 7919) % 1000);
		return statsItem(
			{
				provider: 'betatel',
				channel: 'whatsapp',
				report: 'stats',
				account: null,
				granularity: 'hour',
				period_start: period.toISO(),
				period_end: period.plus({ hours: 1 }).toISO(),
				timezone: ZONE,
			},
			{ sent, delivered: sent - ((index * 104729) % 60) },
		);
	});
}

const plan: ChartPlan = {
	subject: { provider: 'Betatel', channel: 'WhatsApp', report: 'statistics', timezone: ZONE },
	figures: SENT_AND_FAILED,
};

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function measure(periods: number): { ms: number; bytes: number } {
	const items = hourlyItems(periods);
	const times: number[] = [];
	let bytes = 0;
	for (let run = 0; run < RUNS; run++) {
		const started = performance.now();
		bytes = drawChart(chartOf(items, plan)).png().length;
		times.push(performance.now() - started);
	}
	return { ms: median(times), bytes };
}

function compression(): {
	rowsBytes: number;
	ours: number;
	zlib: number;
	oursMs: number;
	zlibMs: number;
} {
	// The rows of a drawn chart, as the encoder hands them to DEFLATE.
	const canvas = drawChart(chartOf(hourlyItems(30), plan));
	const rows = new Uint8Array((canvas.width + 1) * canvas.height);
	const colours = new Map<string, number>();
	for (let y = 0; y < canvas.height; y++)
		for (let x = 0; x < canvas.width; x++) {
			const colour = canvas.colourAt(x, y);
			if (!colours.has(colour)) colours.set(colour, colours.size);
			rows[y * (canvas.width + 1) + 1 + x] = colours.get(colour)!;
		}
	const time = (encode: () => number) => {
		const times: number[] = [];
		let size = 0;
		for (let run = 0; run < RUNS; run++) {
			const started = performance.now();
			size = encode();
			times.push(performance.now() - started);
		}
		return { size, ms: median(times) };
	};
	const ours = time(() => zlibCompress(rows).length);
	const zlib = time(() => deflateSync(rows, { level: 9 }).length);
	return {
		rowsBytes: rows.length,
		ours: ours.size,
		zlib: zlib.size,
		oursMs: ours.ms,
		zlibMs: zlib.ms,
	};
}

function main(): void {
	const rows = [30, 1000, 10_000].map((periods) => ({ periods, ...measure(periods) }));
	const [base] = rows;
	const label = (periods: number) =>
		periods === 10_000
			? '10,000 (the most one request may be split into)'
			: periods.toLocaleString('en-US');
	const table = [
		'| periods | ms | × the 30-period chart | PNG size |',
		'|---|---|---|---|',
		...rows.map(
			(row) =>
				`| ${label(row.periods)} | ${row.ms.toFixed(1)} | ${(row.ms / base.ms).toFixed(1)} | ${(row.bytes / 1024).toFixed(1)} KB |`,
		),
	];
	const packed = compression();
	process.stdout.write(`${table.join('\n')}\n`);
	publish('chart', 'npm run bench:chart', {
		tables: { sizes: table },
		figures: {
			runs: String(RUNS),
			'rows-bytes': packed.rowsBytes.toLocaleString('en-US'),
			'ours-bytes': packed.ours.toLocaleString('en-US'),
			'against-zlib': (packed.ours / packed.zlib).toFixed(2),
			'ours-ms': packed.oursMs.toFixed(1),
			'zlib-ms': packed.zlibMs.toFixed(1),
		},
	});
}

main();
