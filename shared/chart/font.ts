/**
 * A 5-pixel-wide bitmap font drawn for these charts: digits, Latin letters and ASCII
 * punctuation. Each glyph is its rows from the top as hex bit masks (0x10 is the leftmost
 * column); rows 0-6 sit on the baseline, and letters with descenders have two more.
 */
const GLYPHS: Record<string, string> = {
	' ': '00 00 00 00 00 00 00',
	'!': '04 04 04 04 04 00 04',
	'"': '0a 0a 00 00 00 00 00',
	'#': '0a 0a 1f 0a 1f 0a 0a',
	$: '04 0f 14 0e 05 1e 04',
	'%': '18 19 02 04 08 13 03',
	'&': '0c 12 14 08 15 12 0d',
	"'": '04 04 00 00 00 00 00',
	'(': '02 04 08 08 08 04 02',
	')': '08 04 02 02 02 04 08',
	'*': '00 04 15 0e 15 04 00',
	'+': '00 04 04 1f 04 04 00',
	',': '00 00 00 00 00 0c 04 08',
	'-': '00 00 00 1f 00 00 00',
	'.': '00 00 00 00 00 0c 0c',
	'/': '00 01 02 04 08 10 00',
	'0': '0e 11 13 15 19 11 0e',
	'1': '04 0c 04 04 04 04 0e',
	'2': '0e 11 01 02 04 08 1f',
	'3': '1f 02 04 02 01 11 0e',
	'4': '02 06 0a 12 1f 02 02',
	'5': '1f 10 1e 01 01 11 0e',
	'6': '06 08 10 1e 11 11 0e',
	'7': '1f 01 02 04 08 08 08',
	'8': '0e 11 11 0e 11 11 0e',
	'9': '0e 11 11 0f 01 02 0c',
	':': '00 0c 0c 00 0c 0c 00',
	';': '00 0c 0c 00 0c 04 08',
	'<': '02 04 08 10 08 04 02',
	'=': '00 00 1f 00 1f 00 00',
	'>': '08 04 02 01 02 04 08',
	'?': '0e 11 01 02 04 00 04',
	'@': '0e 11 01 0d 15 15 0e',
	A: '0e 11 11 11 1f 11 11',
	B: '1e 11 11 1e 11 11 1e',
	C: '0e 11 10 10 10 11 0e',
	D: '1c 12 11 11 11 12 1c',
	E: '1f 10 10 1e 10 10 1f',
	F: '1f 10 10 1e 10 10 10',
	G: '0e 11 10 17 11 11 0f',
	H: '11 11 11 1f 11 11 11',
	I: '0e 04 04 04 04 04 0e',
	J: '07 02 02 02 02 12 0c',
	K: '11 12 14 18 14 12 11',
	L: '10 10 10 10 10 10 1f',
	M: '11 1b 15 15 11 11 11',
	N: '11 11 19 15 13 11 11',
	O: '0e 11 11 11 11 11 0e',
	P: '1e 11 11 1e 10 10 10',
	Q: '0e 11 11 11 15 12 0d',
	R: '1e 11 11 1e 14 12 11',
	S: '0f 10 10 0e 01 01 1e',
	T: '1f 04 04 04 04 04 04',
	U: '11 11 11 11 11 11 0e',
	V: '11 11 11 11 11 0a 04',
	W: '11 11 11 15 15 15 0a',
	X: '11 11 0a 04 0a 11 11',
	Y: '11 11 0a 04 04 04 04',
	Z: '1f 01 02 04 08 10 1f',
	'[': '0e 08 08 08 08 08 0e',
	'\\': '00 10 08 04 02 01 00',
	']': '0e 02 02 02 02 02 0e',
	'^': '04 0a 11 00 00 00 00',
	_: '00 00 00 00 00 00 1f',
	'`': '08 04 00 00 00 00 00',
	a: '00 00 0e 01 0f 11 0f',
	b: '10 10 16 19 11 11 1e',
	c: '00 00 0e 10 10 11 0e',
	d: '01 01 0d 13 11 11 0f',
	e: '00 00 0e 11 1f 10 0e',
	f: '06 09 08 1c 08 08 08',
	g: '00 00 0f 11 11 0f 01 11 0e',
	h: '10 10 16 19 11 11 11',
	i: '04 00 0c 04 04 04 0e',
	j: '02 00 06 02 02 02 02 12 0c',
	k: '10 10 12 14 18 14 12',
	l: '0c 04 04 04 04 04 0e',
	m: '00 00 1a 15 15 11 11',
	n: '00 00 16 19 11 11 11',
	o: '00 00 0e 11 11 11 0e',
	p: '00 00 1e 11 11 1e 10 10 10',
	q: '00 00 0f 11 11 0f 01 01 01',
	r: '00 00 16 19 10 10 10',
	s: '00 00 0e 10 0e 01 1e',
	t: '08 08 1c 08 08 09 06',
	u: '00 00 11 11 11 13 0d',
	v: '00 00 11 11 11 0a 04',
	w: '00 00 11 11 15 15 0a',
	x: '00 00 11 0a 04 0a 11',
	y: '00 00 11 11 11 0f 01 11 0e',
	z: '00 00 1f 02 04 08 1f',
	'{': '02 04 04 08 04 04 02',
	'|': '04 04 04 04 04 04 04',
	'}': '08 04 04 02 04 04 08',
	'~': '00 00 08 15 02 00 00',
};

/** Characters outside the font that have a plain stand-in. */
const STAND_INS: Record<string, string> = {
	'\u2013': '-',
	'\u2014': '-',
	'\u2212': '-',
	'\u00b7': '-',
	'\u2018': "'",
	'\u2019': "'",
	'\u201c': '"',
	'\u201d': '"',
	'\u00d7': 'x',
	'\u2026': '...',
	'\u00a0': ' ',
};

export const GLYPH_WIDTH = 5;
/** Rows above the baseline; descenders go below it. */
export const GLYPH_HEIGHT = 7;
/** One pixel between letters, as a 5×7 display spaces them. */
export const ADVANCE = GLYPH_WIDTH + 1;

const ROWS: Record<string, number[]> = Object.fromEntries(
	Object.entries(GLYPHS).map(([char, rows]) => [
		char,
		rows.split(' ').map((row) => parseInt(row, 16)),
	]),
);

/**
 * The text as the font can draw it: accents dropped (ü → u), typographic marks replaced,
 * and anything else (other scripts, emoji) shown as "?".
 */
export function drawableText(text: string): string {
	return [...text.normalize('NFD').replace(/[\u0300-\u036f]/g, '')]
		.map((char) => (ROWS[char] ? char : (STAND_INS[char] ?? '?')))
		.join('');
}

/** The rows of a drawable character's glyph. */
export function glyphRows(char: string): number[] {
	return ROWS[char] ?? ROWS['?'];
}
