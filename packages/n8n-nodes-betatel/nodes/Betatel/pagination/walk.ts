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
