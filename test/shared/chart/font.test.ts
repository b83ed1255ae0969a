import { drawableText, GLYPH_HEIGHT, glyphRows } from '../../../shared/chart/font';

describe('the chart font', () => {
	test('text outside the font is drawn with plain stand-ins', () => {
		expect(drawableText('Telekom Österreich – m:tel 中')).toBe('Telekom Osterreich - m:tel ?');
	});

	test('every character it draws has a glyph of its height; others are drawn as "?"', () => {
		for (const char of drawableText('Failure rate: 12.5 % (A1 Hrvatska)'))
			expect(glyphRows(char)).toHaveLength(GLYPH_HEIGHT);
		expect(glyphRows('中')).toEqual(glyphRows('?'));
	});
});
