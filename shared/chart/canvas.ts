import { ADVANCE, drawableText, GLYPH_WIDTH, glyphRows } from './font';
import { encodeIndexedPng, type Rgb } from './png';

/**
 * Colours by role. The series colours are from Okabe and Ito's palette, chosen so that
 * readers with any common colour-vision deficiency tell them apart; the failure-rate line
 * is black, so it never depends on hue at all.
 */
export const PALETTE = {
	background: [255, 255, 255],
	text: [33, 37, 41],
	mutedText: [88, 96, 105],
	grid: [226, 230, 234],
	axis: [140, 146, 153],
	sent: [86, 180, 233],
	failed: [213, 94, 0],
	rate: [0, 0, 0],
	other: [0, 158, 115],
} as const satisfies Record<string, Rgb>;

export type Colour = keyof typeof PALETTE;

const COLOURS = Object.keys(PALETTE) as Colour[];
const INDEX = Object.fromEntries(COLOURS.map((colour, index) => [colour, index])) as Record<
	Colour,
	number
>;

/** A raster of palette colours; coordinates outside it are clipped, never an error. */
export class Canvas {
	private readonly pixels: Uint8Array;

	constructor(
		readonly width: number,
		readonly height: number,
	) {
		this.pixels = new Uint8Array(width * height).fill(INDEX.background);
	}

	/** The colour at a pixel, for tests and for checking what was drawn. */
	colourAt(x: number, y: number): Colour {
		return COLOURS[this.pixels[y * this.width + x]];
	}

	rect(x: number, y: number, width: number, height: number, colour: Colour): void {
		const left = Math.max(0, Math.round(x));
		const top = Math.max(0, Math.round(y));
		const right = Math.min(this.width, Math.round(x + width));
		const bottom = Math.min(this.height, Math.round(y + height));
		for (let row = top; row < bottom; row++)
			this.pixels.fill(INDEX[colour], row * this.width + left, row * this.width + right);
	}

	/** A line `thickness` pixels wide, stepped along its longer axis. */
	line(x0: number, y0: number, x1: number, y1: number, colour: Colour, thickness = 1): void {
		const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
		const half = Math.floor(thickness / 2);
		for (let step = 0; step <= steps; step++) {
			const x = x0 + ((x1 - x0) * step) / steps;
			const y = y0 + ((y1 - y0) * step) / steps;
			this.rect(Math.round(x) - half, Math.round(y) - half, thickness, thickness, colour);
		}
	}

	/** Draws text with its top-left corner at (x, y), each font pixel `scale` pixels square. */
	text(x: number, y: number, text: string, colour: Colour, scale = 2): void {
		[...drawableText(text)].forEach((char, position) => {
			const left = x + position * ADVANCE * scale;
			glyphRows(char).forEach((row, rowIndex) => {
				for (let column = 0; column < GLYPH_WIDTH; column++)
					if (row & (0x10 >> column))
						this.rect(left + column * scale, y + rowIndex * scale, scale, scale, colour);
			});
		});
	}

	png(): Uint8Array {
		return encodeIndexedPng(
			this.width,
			this.height,
			COLOURS.map((colour) => PALETTE[colour]),
			this.pixels,
		);
	}
}

export function textWidth(text: string, scale = 2): number {
	const length = [...drawableText(text)].length;
	return length === 0 ? 0 : (length * ADVANCE - 1) * scale;
}

/** The text cut to a width, ending in "..." when it had to be cut. */
export function fitText(text: string, maxWidth: number, scale = 2): string {
	const chars = [...drawableText(text)];
	if (textWidth(text, scale) <= maxWidth) return chars.join('');
	const room = Math.max(0, Math.floor((maxWidth / scale + 1) / ADVANCE) - 3);
	return `${chars.slice(0, room).join('')}...`;
}
