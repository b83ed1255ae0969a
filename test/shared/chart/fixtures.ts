import { DateTime } from 'luxon';
import { PNG } from 'pngjs';

import { type Colour, PALETTE } from '../../../shared/chart/canvas';
import { type ChartPlan, SENT_AND_FAILED } from '../../../shared/chart/fromItems';
import { statsItem } from '../../../shared/normalize';

/* What the chart tests share: a month of figures to draw, and a PNG read back pixel by pixel. */

export const ZONE = 'Europe/Berlin';
export const START = DateTime.fromISO('2026-11-01T00:00', { zone: ZONE });

/** A month of daily figures that varies from day to day but is the same every run. */
export function dailyItems(days: number, granularity: 'day' | 'hour' = 'day') {
	return Array.from({ length: days }, (_, index) => {
		const start = START.plus({ [`${granularity}s`]: index });
		const sent = 800 + ((index * 137) % 500);
		return statsItem(
			{
				provider: 'betatel',
				channel: 'whatsapp',
				report: 'stats',
				account: null,
				granularity,
				period_start: start.toISO(),
				period_end: start.plus({ [`${granularity}s`]: 1 }).toISO(),
				timezone: ZONE,
			},
			{ sent, delivered: sent - ((index * 31) % 90), cost: sent / 100, currency: 'EUR' },
		);
	});
}

export const SERIES_PLAN: ChartPlan = {
	subject: { provider: 'Betatel', channel: 'WhatsApp', report: 'statistics', timezone: ZONE },
	figures: SENT_AND_FAILED,
};

export function decode(png: Uint8Array): PNG {
	return PNG.sync.read(Buffer.from(png));
}

export function colourAt(image: PNG, x: number, y: number): Colour | undefined {
	const at = (y * image.width + x) * 4;
	const rgb = [image.data[at], image.data[at + 1], image.data[at + 2]];
	return (Object.keys(PALETTE) as Colour[]).find((colour) =>
		PALETTE[colour].every((value, index) => value === rgb[index]),
	);
}

export function coloursIn(
	image: PNG,
	box: { x: number; y: number; width: number; height: number },
) {
	const seen = new Map<Colour | undefined, number>();
	for (let y = box.y; y < box.y + box.height; y++)
		for (let x = box.x; x < box.x + box.width; x++) {
			const colour = colourAt(image, x, y);
			seen.set(colour, (seen.get(colour) ?? 0) + 1);
		}
	return seen;
}
