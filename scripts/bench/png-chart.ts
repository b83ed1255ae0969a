import { Canvas, type Colour } from '../../shared/chart/canvas';

/**
 * A step chart as a PNG, drawn with the nodes' own chart code: the bench draws how many
 * requests were in flight over time. Each panel shares the y axis (requests) and has its
 * own x axis (seconds).
 */
export interface Panel {
	/** [seconds, value] samples in time order. */
	points: Array<[number, number]>;
	colour: Colour;
}

const PANEL_WIDTH = 560;
const PANEL_HEIGHT = 170;
const MARGIN = { left: 34, right: 12, top: 12, bottom: 26 };
const LABEL_SCALE = 1;

/** Panels stacked one above the other, y from 0 to `yMax` with a line every `yStep`. */
export function stepChartPng(panels: Panel[], yMax: number, yStep: number): Buffer {
	const canvas = new Canvas(PANEL_WIDTH, panels.length * PANEL_HEIGHT);
	panels.forEach((panel, index) => {
		const top = index * PANEL_HEIGHT + MARGIN.top;
		const plotWidth = PANEL_WIDTH - MARGIN.left - MARGIN.right;
		const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
		const xMax = Math.max(1, Math.ceil(panel.points.at(-1)?.[0] ?? 1));
		const x = (seconds: number) => MARGIN.left + (seconds / xMax) * plotWidth;
		const y = (value: number) => top + plotHeight - (Math.min(value, yMax) / yMax) * plotHeight;
		for (let value = 0; value <= yMax; value += yStep) {
			canvas.rect(MARGIN.left, y(value), plotWidth, 1, value === 0 ? 'axis' : 'grid');
			canvas.text(4, y(value) - 3, String(value), 'mutedText', LABEL_SCALE);
		}
		const xStep = Math.max(1, Math.ceil(xMax / 8));
		for (let seconds = 0; seconds <= xMax; seconds += xStep) {
			canvas.rect(x(seconds), top, 1, plotHeight, seconds === 0 ? 'axis' : 'grid');
			canvas.text(x(seconds) - 4, top + plotHeight + 6, `${seconds}s`, 'mutedText', LABEL_SCALE);
		}
		let previous: [number, number] | undefined;
		for (const [seconds, value] of panel.points) {
			// a step: along at the old value, then up or down to the new one
			if (previous) {
				canvas.line(x(previous[0]), y(previous[1]), x(seconds), y(previous[1]), panel.colour, 2);
				canvas.line(x(seconds), y(previous[1]), x(seconds), y(value), panel.colour, 2);
			}
			previous = [seconds, value];
		}
	});
	return Buffer.from(canvas.png());
}
