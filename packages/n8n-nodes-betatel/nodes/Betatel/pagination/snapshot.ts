import type { IDataObject } from 'n8n-workflow';

import type { NumberedPage } from './walk';

export interface SnapshotOptions {
	/** Identity of an item; a kept item is kept once however often pages repeat it. */
	keyOf: (item: IDataObject) => string | undefined;
	/** Whether new items enter at the head, as in a newest-first list. */
	newItemsAtHead: boolean;
	/**
	 * The first item for which this is true ends the part of the list that matters (a
	 * newest-first cutoff): places from it on are neither kept nor re-read.
	 */
	stopAt?: (item: IDataObject) => boolean;
	/**
	 * Given, each place's item is handed here once and nothing is kept: memory stays the
	 * same however long the list. Places are told apart by position only, so this relies
	 * on the list changing at its head alone.
	 */
	fold?: (item: IDataObject) => void;
}

/**
 * Places the pages of a numbered list, read in any order, in the list as it stood when its
 * first page was read: the snapshot. Pure: no requests, so it can be tested with tables of
 * page answers.
 *
 * When new items enter at the head (a newest-first list), every older item moves one place
 * down; how many arrived before a page was read is that page's `total` minus the
 * snapshot's, so the page's items sit that many places higher in the snapshot. A page read
 * late can thus leave a hole above it, which `pagesToReread()` names. Items that arrived
 * during the read fall outside the snapshot and are not kept.
 */
export class PageSnapshot {
	private readonly placed = new Map<string, { item: IDataObject; place: number }>();

	private readonly unkeyed: Array<{ item: IDataObject; place: number }> = [];

	/**
	 * With `fold`: which places have been handed on. A set, not an array the size of the
	 * list: the size is the provider's word, and a lying one would allocate gigabytes.
	 */
	private readonly folded: Set<number> | undefined;

	private readonly covered: Array<[number, number]> = [];

	private newestTotal: number;

	/** Where the part of the list that matters ends: the first place `stopAt` was true. */
	private end: number;

	/** Whether the list's size changed during the read. */
	moved = false;

	constructor(
		readonly size: number,
		private readonly pageSize: number,
		private readonly options: SnapshotOptions,
	) {
		this.newestTotal = size;
		this.end = size;
		if (options.fold) this.folded = new Set();
	}

	place(page: number, answer: NumberedPage): void {
		const total = answer.total ?? this.size;
		if (total !== this.size) this.moved = true;
		this.newestTotal = Math.max(this.newestTotal, total);
		const shift = this.options.newItemsAtHead ? total - this.size : 0;
		const start = (page - 1) * this.pageSize - shift;
		this.covered.push([start, start + answer.items.length]);
		// An empty page, or one that says no page follows, is where the list ends, whatever its
		// total said: no page past it is asked for or re-read.
		if (answer.items.length === 0 || !answer.hasNextPage)
			this.end = Math.min(this.end, Math.max(0, start + answer.items.length));
		answer.items.forEach((item, index) => {
			const place = start + index;
			if (place < 0 || place >= this.end) return;
			if (this.options.stopAt?.(item)) {
				this.end = place;
				return;
			}
			if (this.folded) {
				if (this.folded.has(place)) return;
				this.folded.add(place);
				this.options.fold!(item);
				return;
			}
			const key = this.options.keyOf(item);
			if (key === undefined) this.unkeyed.push({ item, place });
			else if (!this.placed.has(key)) this.placed.set(key, { item, place });
		});
	}

	/** Whether a page, numbered as the list stands now, lies wholly past the end that matters. */
	beyondEnd(page: number): boolean {
		return (page - 1) * this.pageSize - (this.newestTotal - this.size) >= this.end;
	}

	/** The parts of the snapshot no page has covered yet, as [from, to) places. */
	holes(): Array<[number, number]> {
		const holes: Array<[number, number]> = [];
		let reached = 0;
		for (const [from, to] of [...this.covered].sort((a, b) => a[0] - b[0])) {
			if (from > reached) holes.push([reached, Math.min(from, this.end)]);
			reached = Math.max(reached, to);
			if (reached >= this.end) break;
		}
		if (reached < this.end) holes.push([reached, this.end]);
		return holes.filter(([from, to]) => to > from);
	}

	/** The pages that hold the holes now, the list having grown by what arrived so far. */
	pagesToReread(): number[] {
		const shift = this.newestTotal - this.size;
		const pages = new Set<number>();
		for (const [from, to] of this.holes()) {
			const first = Math.floor((from + shift) / this.pageSize) + 1;
			const last = Math.floor((to - 1 + shift) / this.pageSize) + 1;
			for (let page = first; page <= last; page++) pages.add(page);
		}
		return [...pages].sort((a, b) => a - b);
	}

	/**
	 * The items placed before the end that matters, in snapshot order, each once. A page read
	 * ahead of the one holding the cutoff placed items past it: they are left out here.
	 */
	items(): IDataObject[] {
		return [...this.placed.values(), ...this.unkeyed]
			.filter((entry) => entry.place < this.end)
			.sort((a, b) => a.place - b.place)
			.map((entry) => entry.item);
	}
}
