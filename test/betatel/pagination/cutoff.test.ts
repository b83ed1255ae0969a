import type { IDataObject } from 'n8n-workflow';

import {
	CutoffGuess,
	isPastCutoff,
	type TimeCutoff,
} from '../../../packages/n8n-nodes-betatel/nodes/Betatel/pagination/cutoff';

/** A newest-first page of 100 items, one every `spacingMs`, starting `newest` ms. */
const page = (newest: number, spacingMs: number): IDataObject[] =>
	Array.from({ length: 100 }, (_, index) => ({ at: newest - index * spacingMs }));

const cutoffAt = (at: number): TimeCutoff => ({ timeOf: (item) => Number(item.at), at });

describe('isPastCutoff', () => {
	it('an item older than the cutoff ends the read; one at it or newer, or unreadable, does not', () => {
		const past = isPastCutoff(cutoffAt(1000));
		expect([999, 1000, 1001].map((at) => past({ at }))).toEqual([true, false, false]);
		expect(past({ at: 'never' })).toBe(false);
	});
});

describe('CutoffGuess', () => {
	it('starts no page past the one after where the cutoff is expected, at the furthest page’s pace', () => {
		// Page 1 covers 100 s; the cutoff lies 450 s past its oldest item: about page 6.
		const guess = new CutoffGuess(cutoffAt(1_000_000 - 99_000 - 450_000));
		guess.saw(1, page(1_000_000, 1000));
		expect(guess.tooFar(7)).toBe(false);
		expect(guess.tooFar(8)).toBe(true);
	});

	it('knows nothing before a page with readable times, and never goes past a page holding the cutoff', () => {
		const guess = new CutoffGuess(cutoffAt(950_000));
		guess.saw(1, [{ at: 'unreadable' }]);
		expect(guess.tooFar(1_000)).toBe(false);
		guess.saw(3, page(1_000_000, 1000));
		expect(guess.tooFar(3)).toBe(false);
		expect(guess.tooFar(4)).toBe(true);
		// A nearer page seen later does not replace the furthest.
		guess.saw(2, page(2_000_000, 1));
		expect(guess.tooFar(4)).toBe(true);
	});
});
