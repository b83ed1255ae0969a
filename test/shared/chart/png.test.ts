/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { deflateSync, inflateSync } from 'node:zlib';

import { type Colour, PALETTE } from '../../../shared/chart/canvas';
import { CHART_HEIGHT, CHART_WIDTH, drawChart } from '../../../shared/chart/draw';
import { chartOf } from '../../../shared/chart/fromItems';
import { adler32, crc32, zlibCompress } from '../../../shared/chart/png';
import { dailyItems, SERIES_PLAN, decode, colourAt } from './fixtures';

describe('the PNG encoder', () => {
	test('CRC-32 and Adler-32 give the check values of their specifications', () => {
		const text = new TextEncoder();
		expect(crc32(text.encode('123456789'))).toBe(0xcbf43926);
		expect(adler32(text.encode('Wikipedia'))).toBe(0x11e60398);
		// Past 5552 bytes, where the sums are reduced part-way.
		const long = Uint8Array.from({ length: 100_000 }, () => 255);
		const zlib = deflateSync(long);
		expect(adler32(long)).toBe(zlib.readUInt32BE(zlib.length - 4));
	});

	test.each([
		['empty', new Uint8Array(0)],
		['one byte', Uint8Array.of(7)],
		['a flat background', new Uint8Array(500_000)],
		[
			'noise',
			Uint8Array.from({ length: 200_000 }, (_, index) => (index * 7919 + (index >> 3)) % 251),
		],
		['long repeated rows', Uint8Array.from({ length: 300_000 }, (_, index) => (index % 961) % 9)],
	])('zlib inflates what it compresses: %s', (_name, data) => {
		expect(Buffer.compare(inflateSync(zlibCompress(data)), Buffer.from(data))).toBe(0);
	});

	test('it compresses: a flat background to a few bytes a row, on a par with zlib for a chart', () => {
		// 540 rows of 961 bytes of background: under 8 bytes a row.
		expect(zlibCompress(new Uint8Array(961 * 540)).length).toBeLessThan(540 * 8);
		const png = decode(drawChart(chartOf(dailyItems(30), SERIES_PLAN)).png());
		// The chart's rows as the encoder gives them to DEFLATE: a filter byte, then the indices.
		const rows = Buffer.alloc((CHART_WIDTH + 1) * CHART_HEIGHT);
		const indexOf = new Map(
			(Object.keys(PALETTE) as Colour[]).map((colour, index) => [colour, index]),
		);
		for (let y = 0; y < CHART_HEIGHT; y++)
			for (let x = 0; x < CHART_WIDTH; x++)
				rows[y * (CHART_WIDTH + 1) + 1 + x] = indexOf.get(colourAt(png, x, y)!)!;
		const ours = zlibCompress(rows).length;
		expect(ours).toBeLessThan(rows.length / 20);
		// zlib's best, with Huffman codes made for the data, is the yardstick.
		expect(ours).toBeLessThan(deflateSync(rows, { level: 9 }).length * 3);
	});
});
