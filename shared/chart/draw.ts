import { Canvas, fitText, textWidth, type Colour } from './canvas';
import { GLYPH_HEIGHT } from './font';

/** One figure drawn as bars: a value per period or per group. */
export interface Measure {
	name: string;
	colour: Colour;
	values: number[];
}

/** A percentage drawn as a line (periods) or written beside each bar (groups). */
export interface RateMeasure {
	name: string;
	values: Array<number | null>;
}

interface Heading {
	title: string;
	subtitle: string;
	/** Bars are drawn over each other, the first behind: each later figure is part of an earlier one. */
	bars: Measure[];
	rate?: RateMeasure;
}

export interface SeriesChart extends Heading {
	kind: 'series';
	/** One label a period, already written in the chart's time zone. */
	labels: string[];
}

export interface GroupChart extends Heading {
	kind: 'groups';
	labels: string[];
}

export type Chart = SeriesChart | GroupChart;

/** 16:9, and large enough that Slack's preview (about 360 pixels high) keeps the labels legible. */
export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 540;
const PAD = 24;
const LABEL = 2;
const TITLE = 3;
const PLOT_TOP = 112;
const PLOT_BOTTOM = CHART_HEIGHT - 48;

/** 1.2k, 35, 2.5M: three significant figures at most, so labels stay short. */
export function compactNumber(value: number): string {
	const units: Array<[number, string]> = [
		[1e9, 'B'],
		[1e6, 'M'],
		[1e3, 'k'],
	];
	const [divisor, suffix] = units.find(([size]) => Math.abs(value) >= size) ?? [1, ''];
	const scaled = value / divisor;
	const digits = Math.abs(scaled) < 10 && !Number.isInteger(scaled) ? 1 : 0;
	return `${Number(scaled.toFixed(digits))}${suffix}`;
}

export function percentLabel(value: number): string {
	return `${Number(value.toFixed(1))} %`;
}

/** A round axis top and its step, four to five steps from zero. */
export function axisScale(max: number, integers: boolean): { top: number; step: number } {
	if (!(max > 0)) return { top: 4, step: 1 };
	const raw = max / 4;
	const exponent = 10 ** Math.floor(Math.log10(raw));
	const fraction = raw / exponent;
	const nice = [1, 2, 2.5, 5, 10].find((candidate) => fraction <= candidate) ?? 10;
	const step = Math.max(nice * exponent, integers ? 1 : 0);
	return { top: Math.ceil(max / step - 1e-9) * step, step };
}

function drawHeading(canvas: Canvas, chart: Chart): void {
	canvas.text(PAD, 18, fitText(chart.title, CHART_WIDTH - 2 * PAD, TITLE), 'text', TITLE);
	canvas.text(PAD, 52, fitText(chart.subtitle, CHART_WIDTH - 2 * PAD, LABEL), 'mutedText', LABEL);
	let x = PAD;
	const y = 80;
	for (const bar of chart.bars) {
		canvas.rect(x, y, 14, 14, bar.colour);
		canvas.text(x + 20, y, bar.name, 'text', LABEL);
		x += 20 + textWidth(bar.name, LABEL) + 24;
	}
	if (chart.rate && chart.kind === 'series') {
		canvas.line(x, y + 7, x + 22, y + 7, 'rate', 3);
		canvas.text(x + 30, y, chart.rate.name, 'text', LABEL);
	}
}

function drawNoData(canvas: Canvas): void {
	const message = 'No data in this range';
	const x = (CHART_WIDTH - textWidth(message, TITLE)) / 2;
	canvas.text(x, (PLOT_TOP + PLOT_BOTTOM) / 2 - 10, message, 'mutedText', TITLE);
}

function maxOf(measures: Measure[]): number {
	return Math.max(0, ...measures.flatMap((measure) => measure.values));
}

function allIntegers(measures: Measure[]): boolean {
	return measures.every((measure) => measure.values.every(Number.isInteger));
}

function drawSeries(canvas: Canvas, chart: SeriesChart): void {
	const count = chart.labels.length;
	const scale = axisScale(maxOf(chart.bars), allIntegers(chart.bars));
	const rates = chart.rate?.values.filter((value): value is number => value !== null) ?? [];
	const rateScale = axisScale(Math.min(100, Math.max(...rates, 0)) || 10, false);
	const leftLabels = ticks(scale).map(compactNumber);
	const rightLabels = chart.rate ? ticks(rateScale).map(percentLabel) : [];
	const left = PAD + Math.max(...leftLabels.map((label) => textWidth(label, LABEL))) + 10;
	const right =
		CHART_WIDTH -
		PAD -
		(rightLabels.length ? Math.max(...rightLabels.map((l) => textWidth(l, LABEL))) + 10 : 0);
	const height = PLOT_BOTTOM - PLOT_TOP;
	const yOf = (value: number, top: number) => PLOT_BOTTOM - (value / top) * height;

	ticks(scale).forEach((tick, index) => {
		const y = Math.round(yOf(tick, scale.top));
		canvas.rect(left, y, right - left, 1, 'grid');
		const label = leftLabels[index];
		canvas.text(left - 10 - textWidth(label, LABEL), y - GLYPH_HEIGHT, label, 'mutedText', LABEL);
	});
	ticks(rateScale).forEach((tick, index) => {
		const label = rightLabels[index];
		if (label)
			canvas.text(
				right + 10,
				Math.round(yOf(tick, rateScale.top)) - GLYPH_HEIGHT,
				label,
				'mutedText',
				LABEL,
			);
	});

	const slot = (right - left) / count;
	const barWidth = slot < 3 ? Math.max(1, Math.ceil(slot)) : Math.max(1, Math.floor(slot * 0.7));
	for (const bar of chart.bars)
		bar.values.forEach((value, index) => {
			const x = left + index * slot + (slot - barWidth) / 2;
			const y = yOf(value, scale.top);
			canvas.rect(x, y, barWidth, PLOT_BOTTOM - y, bar.colour);
		});
	if (chart.rate)
		drawRateLine(canvas, chart.rate, { left, slot, yOf: (v) => yOf(v, rateScale.top) });
	canvas.rect(left, PLOT_BOTTOM, right - left, 2, 'axis');
	drawPeriodLabels(canvas, chart.labels, left, slot);
}

function ticks({ top, step }: { top: number; step: number }): number[] {
	return Array.from({ length: Math.round(top / step) + 1 }, (_, index) => index * step);
}

function drawRateLine(
	canvas: Canvas,
	rate: RateMeasure,
	at: { left: number; slot: number; yOf: (value: number) => number },
): void {
	const points = rate.values.map((value, index) =>
		value === null
			? null
			: {
					x: Math.round(at.left + (index + 0.5) * at.slot),
					y: Math.round(at.yOf(Math.min(value, 100))),
				},
	);
	points.forEach((point, index) => {
		const next = points[index + 1];
		if (point && next) canvas.line(point.x, point.y, next.x, next.y, 'rate', 3);
		// Markers show the periods that have a rate, where a lone point would draw no line.
		if (point && points.length <= 62) canvas.rect(point.x - 3, point.y - 3, 7, 7, 'rate');
	});
}

function drawPeriodLabels(canvas: Canvas, labels: string[], left: number, slot: number): void {
	const widest = Math.max(...labels.map((label) => textWidth(label, LABEL)));
	const every = Math.max(1, Math.ceil((widest + 16) / slot));
	labels.forEach((label, index) => {
		if (index % every !== 0) return;
		const centre = left + (index + 0.5) * slot;
		const x = Math.min(
			Math.max(PAD / 2, centre - textWidth(label, LABEL) / 2),
			CHART_WIDTH - PAD / 2 - textWidth(label, LABEL),
		);
		canvas.rect(Math.round(centre), PLOT_BOTTOM + 2, 1, 5, 'axis');
		canvas.text(Math.round(x), PLOT_BOTTOM + 12, label, 'mutedText', LABEL);
	});
}

const GROUP_LABEL_WIDTH = 200;
const GROUP_NOTE_WIDTH = 340;

function groupNote(chart: GroupChart, index: number): string {
	const figures = chart.bars.map(
		(bar) => `${compactNumber(bar.values[index])} ${bar.name.toLowerCase()}`,
	);
	const rate = chart.rate?.values[index];
	return `${figures.join(', ')}${rate === null || rate === undefined ? '' : ` (${percentLabel(rate)})`}`;
}

function drawGroups(canvas: Canvas, chart: GroupChart): void {
	const count = chart.labels.length;
	const labelWidth = Math.min(
		GROUP_LABEL_WIDTH,
		Math.max(...chart.labels.map((label) => textWidth(label, LABEL))),
	);
	const left = PAD + labelWidth + 12;
	const right = CHART_WIDTH - PAD - GROUP_NOTE_WIDTH;
	const scale = axisScale(maxOf(chart.bars), allIntegers(chart.bars));
	const bottom = PLOT_BOTTOM;
	const rowHeight = Math.min(34, Math.floor((bottom - PLOT_TOP) / count));
	const barHeight = Math.max(4, Math.floor(rowHeight * 0.6));
	const xOf = (value: number) => left + (value / scale.top) * (right - left);
	for (const tick of ticks(scale)) {
		const x = Math.round(xOf(tick));
		canvas.rect(x, PLOT_TOP, 1, count * rowHeight, 'grid');
		const label = compactNumber(tick);
		canvas.text(
			x - textWidth(label, LABEL) / 2,
			PLOT_TOP + count * rowHeight + 10,
			label,
			'mutedText',
			LABEL,
		);
	}
	chart.labels.forEach((label, index) => {
		const top = PLOT_TOP + index * rowHeight + (rowHeight - barHeight) / 2;
		const textTop = Math.round(top + barHeight / 2 - GLYPH_HEIGHT);
		canvas.text(PAD, textTop, fitText(label, labelWidth, LABEL), 'text', LABEL);
		for (const bar of chart.bars)
			canvas.rect(left, top, xOf(bar.values[index]) - left, barHeight, bar.colour);
		canvas.text(
			Math.round(xOf(chart.bars[0].values[index])) + 8,
			textTop,
			groupNote(chart, index),
			'text',
			LABEL,
		);
	});
	canvas.rect(left, PLOT_TOP, 2, count * rowHeight, 'axis');
}

/** Draws the chart; with no period or group, the chart says there is no data. */
export function drawChart(chart: Chart): Canvas {
	const canvas = new Canvas(CHART_WIDTH, CHART_HEIGHT);
	drawHeading(canvas, chart);
	if (chart.labels.length === 0) drawNoData(canvas);
	else if (chart.kind === 'series') drawSeries(canvas, chart);
	else drawGroups(canvas, chart);
	return canvas;
}
