/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a developer script, run by Node beside n8n, never inside it */
import { deflateSync } from 'node:zlib';

/**
 * A step chart as a PNG, with no dependency: the bench draws how many requests were in
 * flight over time. Each panel shares the y axis (requests) and has its own x axis
 * (seconds); digits are drawn from a 3×5 pixel font, the only text a chart of numbers needs.
 */
export interface Panel {
	/** [seconds, value] samples in time order. */
	points: Array<[number, number]>;
	color: [number, number, number];
}

const DIGITS: Record<string, string[]> = {
	'0': ['111', '101', '101', '101', '111'],
	'1': ['010', '110', '010', '010', '111'],
	'2': ['111', '001', '111', '100', '111'],
	'3': ['111', '001', '111', '001', '111'],
	'4': ['101', '101', '111', '001', '001'],
	'5': ['111', '100', '111', '001', '111'],
	'6': ['111', '100', '111', '101', '111'],
	'7': ['111', '001', '010', '010', '010'],
	'8': ['111', '101', '111', '101', '111'],
	'9': ['111', '101', '111', '001', '111'],
	s: ['000', '011', '110', '011', '110'],
};

const PANEL_WIDTH = 560;
const PANEL_HEIGHT = 170;
const MARGIN = { left: 34, right: 12, top: 12, bottom: 26 };
const SCALE = 2;

class Canvas {
	readonly pixels: Uint8Array;

	constructor(
		readonly width: number,
		readonly height: number,
	) {
		this.pixels = new Uint8Array(width * height * 3).fill(255);
	}

	set(x: number, y: number, [r, g, b]: [number, number, number]): void {
		if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
		const at = (Math.round(y) * this.width + Math.round(x)) * 3;
		this.pixels[at] = r;
		this.pixels[at + 1] = g;
		this.pixels[at + 2] = b;
	}

	rect(x: number, y: number, w: number, h: number, color: [number, number, number]): void {
		for (let dx = 0; dx < w; dx++) for (let dy = 0; dy < h; dy++) this.set(x + dx, y + dy, color);
	}

	text(x: number, y: number, value: string, color: [number, number, number]): void {
		[...value].forEach((char, index) => {
			const glyph = DIGITS[char];
			if (!glyph) return;
			glyph.forEach((row, gy) =>
				[...row].forEach((bit, gx) => {
					if (bit === '1')
						this.rect(x + (index * 4 + gx) * SCALE, y + gy * SCALE, SCALE, SCALE, color);
				}),
			);
		});
	}
}

const GRID: [number, number, number] = [225, 225, 225];
const AXIS: [number, number, number] = [90, 90, 90];

/** Panels stacked one above the other, y from 0 to `yMax` with a line every `yStep`. */
export function stepChartPng(panels: Panel[], yMax: number, yStep: number): Buffer {
	const height = panels.length * PANEL_HEIGHT;
	const canvas = new Canvas(PANEL_WIDTH, height);
	panels.forEach((panel, index) => {
		const top = index * PANEL_HEIGHT + MARGIN.top;
		const plotWidth = PANEL_WIDTH - MARGIN.left - MARGIN.right;
		const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
		const xMax = Math.max(1, Math.ceil(panel.points.at(-1)?.[0] ?? 1));
		const x = (seconds: number) => MARGIN.left + (seconds / xMax) * plotWidth;
		const y = (value: number) => top + plotHeight - (Math.min(value, yMax) / yMax) * plotHeight;
		for (let value = 0; value <= yMax; value += yStep) {
			canvas.rect(MARGIN.left, y(value), plotWidth, 1, value === 0 ? AXIS : GRID);
			canvas.text(4, y(value) - 5, String(value), AXIS);
		}
		const xStep = Math.max(1, Math.ceil(xMax / 8));
		for (let seconds = 0; seconds <= xMax; seconds += xStep) {
			canvas.rect(x(seconds), top, 1, plotHeight, seconds === 0 ? AXIS : GRID);
			canvas.text(x(seconds) - 4, top + plotHeight + 6, `${seconds}s`, AXIS);
		}
		let previous: [number, number] | undefined;
		for (const [seconds, value] of panel.points) {
			if (previous) {
				// a step: along at the old value, then up or down to the new one
				for (let px = x(previous[0]); px <= x(seconds); px++)
					canvas.rect(px, y(previous[1]) - 1, 1, 2, panel.color);
				const [from, to] = [y(previous[1]), y(value)].sort((a, b) => a - b);
				for (let py = from; py <= to; py++) canvas.rect(x(seconds), py, 2, 1, panel.color);
			}
			previous = [seconds, value];
		}
	});
	return encodePng(canvas);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes: Buffer): number {
	let crc = 0xffffffff;
	for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

/** PNG (RFC 2083): 8-bit RGB, every scanline with filter type 0. */
function encodePng(canvas: Canvas): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(canvas.width, 0);
	header.writeUInt32BE(canvas.height, 4);
	header.set([8, 2, 0, 0, 0], 8);
	const rowBytes = canvas.width * 3;
	const raw = Buffer.alloc((rowBytes + 1) * canvas.height);
	for (let row = 0; row < canvas.height; row++) {
		raw.set(canvas.pixels.subarray(row * rowBytes, (row + 1) * rowBytes), row * (rowBytes + 1) + 1);
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
