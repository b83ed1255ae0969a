import { fitText, textWidth } from '../../../shared/chart/canvas';

/* Drawing on the canvas is tested through the charts, decoded pixel by pixel (draw.test.ts). */
describe('text on the canvas', () => {
	test('a character is 5 pixels and a space between, at twice the size by default', () => {
		expect(textWidth('')).toBe(0);
		expect(textWidth('m:tel')).toBe((5 * 6 - 1) * 2);
		expect(textWidth('m:tel', 1)).toBe(5 * 6 - 1);
	});

	test('text wider than its room is cut and ends in "...", within the room', () => {
		expect(fitText('BH Telecom', 1000)).toBe('BH Telecom');
		const cut = fitText('Telekom Srbija Mobile Network', 100);
		expect(cut.endsWith('...')).toBe(true);
		expect(textWidth(cut)).toBeLessThanOrEqual(100);
	});
});
