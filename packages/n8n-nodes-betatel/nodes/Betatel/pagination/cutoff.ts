import type { IDataObject } from 'n8n-workflow';

/** Where a newest-first read ends: at the first item older than `at`. */
export interface TimeCutoff {
	/** The item's time in milliseconds; NaN when it cannot be read (such an item never ends the read). */
	timeOf: (item: IDataObject) => number;
	at: number;
}

export const isPastCutoff =
	({ timeOf, at }: TimeCutoff) =>
	(item: IDataObject): boolean =>
		timeOf(item) < at;

/**
 * Which pages of a newest-first read are worth starting before the page that holds the
 * cutoff has been read: those up to the page after the one the times of the furthest page
 * read so far point to, at that page's pace (how densely items lie changes along a list, and
 * the nearest page tells best). Every page started past the cutoff's page is a request spent
 * for nothing, against a provider that limits requests.
 */
export class CutoffGuess {
	private furthest: { page: number; newest: number; oldest: number } | undefined;

	constructor(private readonly cutoff: TimeCutoff) {}

	saw(page: number, items: IDataObject[]): void {
		if (this.furthest && page <= this.furthest.page) return;
		const times = items.map(this.cutoff.timeOf).filter(Number.isFinite);
		if (times.length === 0) return;
		this.furthest = { page, newest: Math.max(...times), oldest: Math.min(...times) };
	}

	/** Whether `page` lies past the page after the one the cutoff is expected on. */
	tooFar(page: number): boolean {
		const furthest = this.furthest;
		if (!furthest) return false;
		const remaining = furthest.oldest - this.cutoff.at;
		if (remaining < 0) return page > furthest.page;
		const perPage = Math.max(furthest.newest - furthest.oldest, 1);
		return page > furthest.page + Math.ceil(remaining / perPage) + 1;
	}
}
