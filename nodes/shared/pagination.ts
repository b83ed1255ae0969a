import type { IDataObject } from 'n8n-workflow';

/** One page of a page-numbered list, in the terms every provider's wrapper can be mapped to. */
export interface NumberedPage {
	items: IDataObject[];
	hasNextPage: boolean;
	/** How many pages the server says there are now; it can grow while pages are read. */
	totalPages?: number;
	/** How many items the whole list holds now. */
	total?: number;
}

export interface PageWalk {
	fetchPage: (page: number, pageSize: number) => Promise<NumberedPage>;
	/** The largest page the API serves. */
	maxPageSize: number;
	/** Stop after this many unique items; undefined reads everything. */
	limit?: number;
	/** Identity of an item; an item seen on an earlier page is not emitted again. */
	keyOf: (item: IDataObject) => string | undefined;
	/** The first item for which this is true ends the walk, unemitted: e.g. one older than a cursor. */
	stopAt?: (item: IDataObject) => boolean;
	/** Items for which this is false are passed over and do not count towards the limit. */
	accept?: (item: IDataObject) => boolean;
}

export interface PageWalkResult {
	items: IDataObject[];
	pagesRead: number;
	duplicatesSkipped: number;
}

/**
 * Reads numbered pages in order until the list ends or `limit` unique items are in hand.
 *
 * Records inserted ahead of the read position push older ones onto later pages, so a
 * page can repeat records already read: those are skipped by key, and since records only
 * move towards later pages, none is missed. The walk ends at the first of: an empty
 * page, `hasNextPage` false, or the last page the server reports, so a server that keeps
 * answering "there is a next page" cannot make it loop forever; without a page count, a
 * page that adds nothing new ends it too.
 */
export async function walkNumberedPages(walk: PageWalk): Promise<PageWalkResult> {
	const limit = walk.limit ?? Number.POSITIVE_INFINITY;
	const pageSize = Number.isFinite(limit) ? Math.min(walk.maxPageSize, limit) : walk.maxPageSize;
	const seen = new Set<string>();
	const items: IDataObject[] = [];
	let duplicatesSkipped = 0;
	let page = 1;
	for (; ; page++) {
		const result = await walk.fetchPage(page, pageSize);
		const before = items.length;
		for (const item of result.items) {
			if (walk.stopAt?.(item)) return { items, pagesRead: page, duplicatesSkipped };
			if (walk.accept && !walk.accept(item)) continue;
			const key = walk.keyOf(item);
			if (key !== undefined) {
				if (seen.has(key)) {
					duplicatesSkipped++;
					continue;
				}
				seen.add(key);
			}
			items.push(item);
			if (items.length >= limit) return { items, pagesRead: page, duplicatesSkipped };
		}
		const lastReported = result.totalPages !== undefined && page >= result.totalPages;
		// Without a page count, a page of nothing new means the server ignores `page`.
		const stuck = result.totalPages === undefined && items.length === before;
		if (result.items.length === 0 || !result.hasNextPage || lastReported || stuck) break;
	}
	return { items, pagesRead: page, duplicatesSkipped };
}

export interface ParallelRead {
	fetchPage: (page: number, pageSize: number, onThrottle: () => void) => Promise<NumberedPage>;
	pageSize: number;
	/** Pages in flight at once at most; 1 reads one page after another. */
	maxConcurrency: number;
	keyOf: (item: IDataObject) => string | undefined;
	/**
	 * Whether new items enter at the head of the list, as in a newest-first list: each one
	 * pushes every older item one place down, and how many have come is read off `total`.
	 */
	newItemsAtHead: boolean;
}

export interface ParallelReadResult {
	items: IDataObject[];
	requests: number;
	/** The most pages that were in flight at once. */
	peakConcurrency: number;
	/** Pages read again to fill a hole left by items that moved during the read. */
	rereads: number;
}

/** Rounds of re-reading before the node gives up on a list that keeps moving. */
const MAX_REPAIR_ROUNDS = 10;
/** Successful pages after which the pool dares one more page in flight again. */
const SUCCESSES_BEFORE_SPEEDUP = 8;

/**
 * Reads a whole numbered list: the first page, then every other page at once, up to
 * `maxConcurrency` in flight, halving that on a 429 or 503 and growing it back after a
 * run of successes.
 *
 * Pages read out of order can leave holes when the list moves. For a list whose new items
 * enter at the head, each page's offset at the time of its read is `total` now minus
 * `total` at the first read, so every item's place in the list as it stood at the start is
 * known. Holes in that snapshot are read again until none is left, and the items come out
 * in snapshot order, each once; items that arrived during the read are not part of it.
 * For other lists, a change of `total` during the read means a second, sequential read.
 */
export async function readAllPages(read: ParallelRead): Promise<ParallelReadResult> {
	const { pageSize } = read;
	let limit = Math.max(1, read.maxConcurrency);
	let successes = 0;
	let inFlight = 0;
	let peakConcurrency = 0;
	let requests = 0;
	const onThrottle = () => {
		limit = Math.max(1, Math.floor(limit / 2));
		successes = 0;
	};
	const fetchCounted = async (page: number) => {
		requests++;
		inFlight++;
		peakConcurrency = Math.max(peakConcurrency, inFlight);
		try {
			const result = await read.fetchPage(page, pageSize, onThrottle);
			if (++successes >= SUCCESSES_BEFORE_SPEEDUP && limit < read.maxConcurrency) {
				limit++;
				successes = 0;
			}
			return result;
		} finally {
			inFlight--;
		}
	};

	const first = await fetchCounted(1);
	const snapshotSize = first.total;
	if (snapshotSize === undefined || first.totalPages === undefined) {
		// Without counts there is nothing to plan with: read in order (page 1 once more).
		const walked = await walkNumberedPages({
			fetchPage: fetchCounted,
			maxPageSize: pageSize,
			keyOf: read.keyOf,
		});
		return { items: walked.items, requests, peakConcurrency: 1, rereads: 0 };
	}

	const placed = new Map<string, { item: IDataObject; place: number }>();
	const unkeyed: Array<{ item: IDataObject; place: number }> = [];
	const covered: Array<[number, number]> = [];
	let newestTotal = snapshotSize;
	let moved = false;
	const take = (page: number, result: NumberedPage) => {
		const total = result.total ?? snapshotSize;
		if (total !== snapshotSize) moved = true;
		newestTotal = Math.max(newestTotal, total);
		const shift = read.newItemsAtHead ? total - snapshotSize : 0;
		const start = (page - 1) * pageSize - shift;
		covered.push([start, start + result.items.length]);
		result.items.forEach((item, index) => {
			const place = start + index;
			if (place < 0 || place >= snapshotSize) return;
			const key = read.keyOf(item);
			if (key === undefined) unkeyed.push({ item, place });
			else if (!placed.has(key)) placed.set(key, { item, place });
		});
	};
	const readPages = async (pages: number[]) => {
		const queue = [...pages];
		await new Promise<void>((resolve, reject) => {
			let failed = false;
			const pump = () => {
				if (failed) return;
				if (queue.length === 0 && inFlight === 0) return resolve();
				while (inFlight < limit && queue.length > 0) {
					const page = queue.shift()!;
					fetchCounted(page).then(
						(result) => {
							take(page, result);
							pump();
						},
						(error) => {
							failed = true;
							reject(error);
						},
					);
				}
			};
			pump();
		});
	};

	take(1, first);
	const pageCount = Math.max(first.totalPages, Math.ceil(snapshotSize / pageSize));
	await readPages(Array.from({ length: pageCount - 1 }, (_, index) => index + 2));

	let rereads = 0;
	if (!read.newItemsAtHead) {
		if (moved) {
			const walked = await walkNumberedPages({
				fetchPage: fetchCounted,
				maxPageSize: pageSize,
				keyOf: read.keyOf,
			});
			return { items: walked.items, requests, peakConcurrency, rereads: walked.pagesRead };
		}
	} else {
		for (let round = 0; ; round++) {
			const holes = uncovered(covered, snapshotSize);
			if (holes.length === 0) break;
			if (round >= MAX_REPAIR_ROUNDS) {
				throw new Error(
					`the list kept changing while it was read: ${holes.length} gaps remain after ${MAX_REPAIR_ROUNDS} rounds of re-reading`,
				);
			}
			const shift = newestTotal - snapshotSize;
			const pages = new Set<number>();
			for (const [from, to] of holes) {
				for (
					let page = Math.floor((from + shift) / pageSize) + 1;
					page <= Math.floor((to - 1 + shift) / pageSize) + 1;
					page++
				) {
					pages.add(page);
				}
			}
			rereads += pages.size;
			await readPages([...pages]);
		}
	}
	const items = [...placed.values(), ...unkeyed]
		.sort((a, b) => a.place - b.place)
		.map((entry) => entry.item);
	return { items, requests, peakConcurrency, rereads };
}

/** The parts of [0, size) that none of the ranges cover. */
function uncovered(ranges: Array<[number, number]>, size: number): Array<[number, number]> {
	const holes: Array<[number, number]> = [];
	let reached = 0;
	for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
		if (from > reached) holes.push([reached, Math.min(from, size)]);
		reached = Math.max(reached, to);
		if (reached >= size) break;
	}
	if (reached < size) holes.push([reached, size]);
	return holes.filter(([from, to]) => to > from);
}
