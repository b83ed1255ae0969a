import type { IDataObject } from 'n8n-workflow';

import { CutoffGuess, isPastCutoff, type TimeCutoff } from './cutoff';
import { ConcurrencyPool, type ConcurrencySetting, type PagePlan, type PageSource } from './pool';
import { PageSnapshot, type SnapshotOptions } from './snapshot';
import { walkNumberedPages, type NumberedPage, type PageWalk } from './walk';

export type { TimeCutoff } from './cutoff';
export type { ConcurrencySetting, PageCall, PageSource } from './pool';
export { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './pool';
export type { NumberedPage } from './walk';
export { walkNumberedPages } from './walk';

/** A numbered list as a provider's transport serves it, one page at a time. */
export interface RecordSource extends PageSource {
	/** The largest page the API serves. */
	maxPageSize: number;
	/** Identity of an item; an item seen on an earlier page is not emitted again. */
	keyOf: (item: IDataObject) => string | undefined;
}

export interface RecordRead extends RecordSource {
	returnAll: boolean;
	/** How many items, when not `returnAll`. */
	limit?: number;
	/** The first item older than this ends the read, unemitted (in a newest-first list). */
	cutoff?: TimeCutoff;
	/** Items for which this is false are passed over. */
	accept?: (item: IDataObject) => boolean;
	/** Pages in flight at once, for Return All; a fixed 1 reads one page after another. */
	concurrency: ConcurrencySetting;
	/** Whether new items enter at the head of the list, as in a newest-first list. */
	newItemsAtHead: boolean;
}

export interface RecordReadResult {
	items: IDataObject[];
	requests: number;
	/** The most pages that were in flight at once. */
	peakConcurrency: number;
	/** Pages read again to fill a hole left by items that moved during the read. */
	rereads: number;
}

/** Rounds of re-reading before the node gives up on a list that keeps moving. */
const MAX_REPAIR_ROUNDS = 10;

/**
 * Reads the records a Get Many asks for. A read that ends at a count cannot know its pages
 * in advance, so it walks them in order; so does one that ends at a cutoff in a list whose
 * order new items do not keep to. Return All reads the first page, then the others at once
 * (`readConcurrently`); in a newest-first list with a cutoff, no page past the cutoff is
 * started once a page has shown where it lies.
 */
export async function readRecords(read: RecordRead): Promise<RecordReadResult> {
	if (!read.returnAll || (read.cutoff && !read.newItemsAtHead)) {
		const pool = new ConcurrencyPool({ max: 1, adaptive: false });
		const walked = await walkInPool(read, pool, {
			limit: read.returnAll ? undefined : read.limit,
			accept: read.accept,
		});
		return { items: walked.items, requests: pool.started, peakConcurrency: 1, rereads: 0 };
	}
	const result = await readConcurrently(read);
	return read.accept ? { ...result, items: result.items.filter(read.accept) } : result;
}

/**
 * Reads a whole numbered list: the first page, then every other page through the pool,
 * each placed in the snapshot of the list as the first page saw it. For a list whose new
 * items enter at the head, the holes that pages read out of order leave are read again
 * until none is left, and the items come out in snapshot order, each once. For other
 * lists, a change of size during the read means a second, sequential read.
 */
async function readConcurrently(read: RecordRead): Promise<RecordReadResult> {
	const pool = new ConcurrencyPool(read.concurrency);
	const result = await readIntoSnapshot(read, pool, {
		keyOf: read.keyOf,
		newItemsAtHead: read.newItemsAtHead,
		cutoff: read.cutoff,
	});
	if (result.unplanned) {
		// Without counts there is nothing to plan with: read in order (page 1 once more).
		const walked = await walkInPool(read, pool);
		return { items: walked.items, requests: pool.started, peakConcurrency: 1, rereads: 0 };
	}
	const { snapshot, rereads } = result;
	if (!read.newItemsAtHead && snapshot.moved) {
		const walked = await walkInPool(read, pool);
		return {
			items: walked.items,
			requests: pool.started,
			peakConcurrency: pool.peak,
			rereads: walked.pagesRead,
		};
	}
	return { items: snapshot.items(), requests: pool.started, peakConcurrency: pool.peak, rereads };
}

export interface RecordFold extends Pick<RecordSource, 'fetchPage' | 'maxPageSize'> {
	concurrency: ConcurrencySetting;
	/** Every record of the list up to the cutoff, each once. */
	fold: (item: IDataObject) => void;
	/** Where the part of the newest-first list that matters ends. */
	cutoff?: TimeCutoff;
}

/**
 * Reads a newest-first list as Return All does, page by page through the pool, but hands
 * each record to `fold` as its page arrives and keeps none, so that memory does not grow
 * with the list. Records that arrive at the head during the read are not folded; a record
 * pushed onto a page that was already read is folded once. With a cutoff, no page is
 * started past the first record older than it.
 */
export async function foldRecords(read: RecordFold): Promise<Omit<RecordReadResult, 'items'>> {
	const pool = new ConcurrencyPool(read.concurrency);
	const result = await readIntoSnapshot(read, pool, {
		keyOf: () => undefined,
		newItemsAtHead: true,
		cutoff: read.cutoff,
		fold: read.fold,
	});
	if (result.unplanned) {
		throw new Error('the list did not say how many records it holds, so it cannot be summarized');
	}
	return { requests: pool.started, peakConcurrency: pool.peak, rereads: result.rereads };
}

type SnapshotRead =
	| { unplanned: true }
	| { unplanned: false; snapshot: PageSnapshot; rereads: number };

/**
 * The first page, then every page after it at once, then, in a list that grows at its
 * head, the holes left by pages read out of order, until none is left.
 */
async function readIntoSnapshot(
	source: Pick<RecordSource, 'fetchPage' | 'maxPageSize'>,
	pool: ConcurrencyPool,
	{ cutoff, ...options }: Omit<SnapshotOptions, 'stopAt'> & { cutoff?: TimeCutoff },
): Promise<SnapshotRead> {
	const pageSize = source.maxPageSize;
	const first = await pool.fetchPage(source, 1, pageSize);
	if (first.total === undefined || first.totalPages === undefined) return { unplanned: true };

	const snapshot = new PageSnapshot(first.total, pageSize, {
		...options,
		stopAt: cutoff && isPastCutoff(cutoff),
	});
	const guess = cutoff && options.newItemsAtHead ? new CutoffGuess(cutoff) : undefined;
	const place = (page: number, answer: NumberedPage) => {
		guess?.saw(page, answer.items);
		snapshot.place(page, answer);
	};
	place(1, first);
	const readPages = async (pages: PagePlan) =>
		await pool.fetchPages(source, pages, pageSize, place, {
			skip: (page) => snapshot.beyondEnd(page),
			hold: guess && ((page) => guess.tooFar(page)),
		});
	const pageCount = Math.max(first.totalPages, Math.ceil(first.total / pageSize));
	await readPages({ from: 2, to: pageCount });
	if (!options.newItemsAtHead) return { unplanned: false, snapshot, rereads: 0 };

	let rereads = 0;
	for (let round = 0; ; round++) {
		const pages = snapshot.pagesToReread();
		if (pages.length === 0) break;
		if (round >= MAX_REPAIR_ROUNDS) {
			throw new Error(
				`the list kept changing while it was read: ${snapshot.holes().length} gaps remain after ${MAX_REPAIR_ROUNDS} rounds of re-reading`,
			);
		}
		rereads += pages.length;
		await readPages(pages);
	}
	return { unplanned: false, snapshot, rereads };
}

/** A read in page order, one page at a time, under the pool's accounting. */
async function walkInPool(
	read: RecordRead,
	pool: ConcurrencyPool,
	only: Pick<PageWalk, 'limit' | 'accept'> = {},
) {
	return await walkNumberedPages({
		fetchPage: pool.fetchPage.bind(pool, read),
		maxPageSize: read.maxPageSize,
		keyOf: read.keyOf,
		stopAt: read.cutoff && isPastCutoff(read.cutoff),
		...only,
	});
}
