/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ICONS = [
	['n8n-nodes-betatel', 'betatel'],
	['n8n-nodes-99digital', 'ninetyNineDigital'],
	['n8n-nodes-whatomate', 'whatomate'],
] as const;

const read = (pkg: string, file: string) =>
	readFileSync(join(__dirname, '..', '..', 'packages', pkg, 'icons', file), 'utf8');

/** The colour the icon's badge is filled with: its first shape's fill. */
function badge(svg: string): [number, number, number] {
	const hex = /fill="#([0-9a-f]{6})"/i.exec(svg)![1];
	return [0, 2, 4].map((at) => parseInt(hex.slice(at, at + 2), 16)) as [number, number, number];
}

function hue([red, green, blue]: [number, number, number]): number {
	const max = Math.max(red, green, blue);
	const range = max - Math.min(red, green, blue);
	if (range === 0) return 0;
	const sector =
		max === red
			? (green - blue) / range
			: max === green
				? 2 + (blue - red) / range
				: 4 + (red - green) / range;
	return (sector * 60 + 360) % 360;
}

/** The first element after the <svg> tag: the badge's shape. */
const shape = (svg: string) =>
	/<svg[^>]*>\s*<(\w+)/.exec(svg)![1] + (/<path d="M30 2/.test(svg) ? '-hexagon' : '');

describe.each(['light', 'dark'] as const)('the %s icons', (theme) => {
	const icons = ICONS.map(([pkg, name]) =>
		read(pkg, theme === 'light' ? `${name}.svg` : `${name}.dark.svg`),
	);

	it('draw their marks as shapes, with no text that would need a font', () => {
		for (const svg of icons) {
			expect(svg).toMatch(
				/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 60 60">/,
			);
			expect(svg).not.toMatch(/<text/);
		}
	});

	it('tell the providers apart at node size: a badge shape and a colour of their own', () => {
		expect(new Set(icons.map(shape)).size).toBe(3);
		// Hues at least 60° apart: blue, orange and green, not two greens.
		const hues = icons.map((svg) => hue(badge(svg)));
		for (let a = 0; a < hues.length; a++)
			for (let b = a + 1; b < hues.length; b++) {
				const apart = Math.abs(hues[a] - hues[b]);
				expect(Math.min(apart, 360 - apart)).toBeGreaterThanOrEqual(60);
			}
	});
});
