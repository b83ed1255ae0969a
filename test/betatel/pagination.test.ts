import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	readRecords,
	walkNumberedPages,
	type NumberedPage,
	type RecordRead,
} from '../../packages/n8n-nodes-betatel/nodes/Betatel/pagination';
import { PageSnapshot } from '../../packages/n8n-nodes-betatel/nodes/Betatel/pagination/snapshot';
import { ConcurrencyPool } from '../../packages/n8n-nodes-betatel/nodes/Betatel/pagination/pool';

const ids = (from: number, count: number): IDataObject[] =>
	Array.from({ length: count }, (_, i) => ({ uuid: `r${from + i}` }));

function pagedList(total: number) {
	const calls: number[] = [];
	const fetchPage = async (page: number, size: number): Promise<NumberedPage> => {
		calls.push(page);
		const start = (page - 1) * size;
		const totalPages = Math.ceil(total / size);
		return {
			items: ids(start, Math.max(0, Math.min(size, total - start))),
			hasNextPage: page < totalPages,
			totalPages,
		};
	};
	return { calls, fetchPage };
}

const keyOf = (item: IDataObject) => item.uuid as string;

describe('walkNumberedPages', () => {
	it('reads every page of a multi-page list once', async () => {
		const list = pagedList(250);
		const result = await walkNumberedPages({ fetchPage: list.fetchPage, maxPageSize: 100, keyOf });
		expect(result.items).toHaveLength(250);
		expect(list.calls).toEqual([1, 2, 3]);
	});

	it('stops at a single page and at an empty list', async () => {
		const single = pagedList(7);
		expect(
			(await walkNumberedPages({ fetchPage: single.fetchPage, maxPageSize: 100, keyOf })).items,
		).toHaveLength(7);
		const empty = pagedList(0);
		expect(
			(await walkNumberedPages({ fetchPage: empty.fetchPage, maxPageSize: 100, keyOf })).items,
		).toHaveLength(0);
		expect(empty.calls).toEqual([1]);
	});

	it('stops reading once the limit is reached', async () => {
		const list = pagedList(1000);
		const result = await walkNumberedPages({
			fetchPage: list.fetchPage,
			maxPageSize: 100,
			limit: 250,
			keyOf,
		});
		expect(result.items).toHaveLength(250);
		expect(list.calls).toEqual([1, 2, 3]);
	});

	it('asks for small pages when the limit is small', async () => {
		const sizes: number[] = [];
		await walkNumberedPages({
			fetchPage: async (_page, size) => (
				sizes.push(size),
				{ items: ids(0, size), hasNextPage: true, totalPages: 9 }
			),
			maxPageSize: 100,
			limit: 5,
			keyOf,
		});
		expect(sizes).toEqual([5]);
	});

	it('does not loop forever on a server that always claims a next page', async () => {
		let calls = 0;
		const result = await walkNumberedPages({
			fetchPage: async (page) => (
				calls++,
				{ items: ids(page * 100, 100), hasNextPage: true, totalPages: 4 }
			),
			maxPageSize: 100,
			keyOf,
		});
		expect(calls).toBe(4);
		expect(result.items).toHaveLength(400);
	});

	it('stops when a server without a page count ignores the page number', async () => {
		let calls = 0;
		const result = await walkNumberedPages({
			fetchPage: async () => (calls++, { items: ids(0, 100), hasNextPage: true }),
			maxPageSize: 100,
			keyOf,
		});
		expect(calls).toBe(2);
		expect(result.items).toHaveLength(100);
	});

	it('skips records that shifted onto the next page', async () => {
		const pages: IDataObject[][] = [ids(0, 3), [...ids(1, 2), ...ids(3, 1)], ids(4, 1)];
		const result = await walkNumberedPages({
			fetchPage: async (page) => ({ items: pages[page - 1], hasNextPage: page < 3, totalPages: 3 }),
			maxPageSize: 3,
			keyOf,
		});
		expect(result.items.map(keyOf)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
		expect(result.duplicatesSkipped).toBe(2);
	});

	it('stops at the first item the caller marks as already known, without emitting it', async () => {
		const list = pagedList(1000);
		const result = await walkNumberedPages({
			fetchPage: list.fetchPage,
			maxPageSize: 100,
			keyOf,
			stopAt: (item) => item.uuid === 'r150',
		});
		expect(result.items).toHaveLength(150);
		expect(list.calls).toEqual([1, 2]);
	});
});

describe('readRecords with Return All', () => {
	function counted(total: number, options: { throttlePage?: number; delayMs?: number } = {}) {
		let inFlight = 0;
		const log: Array<{ page: number; inFlightAtStart: number }> = [];
		const fetchPage: RecordRead['fetchPage'] = async (page, size, call) => {
			inFlight++;
			log.push({ page, inFlightAtStart: inFlight });
			if (page === options.throttlePage) call?.onThrottle?.();
			await sleep(options.delayMs ?? 5);
			inFlight--;
			const start = (page - 1) * size;
			return {
				items: ids(start, Math.max(0, Math.min(size, total - start))),
				hasNextPage: page * size < total,
				totalPages: Math.ceil(total / size),
				total,
			};
		};
		return { fetchPage, log };
	}

	/** Return All at a fixed 4 pages in flight over a newest-first list, unless told otherwise. */
	const readAll = async (fetchPage: RecordRead['fetchPage'], overrides: Partial<RecordRead> = {}) =>
		await readRecords({
			fetchPage,
			maxPageSize: 100,
			returnAll: true,
			concurrency: { max: 4, adaptive: false },
			keyOf,
			newItemsAtHead: true,
			...overrides,
		});

	it('reads every page once, the first alone, then up to the concurrency, in list order', async () => {
		const list = counted(1000);
		const result = await readAll(list.fetchPage);
		expect(result.items.map(keyOf)).toEqual(ids(0, 1000).map(keyOf));
		expect(result.requests).toBe(10);
		expect(list.log[0].inFlightAtStart).toBe(1);
		expect(Math.max(...list.log.map((entry) => entry.inFlightAtStart))).toBe(4);
	});

	/** Item rN is N time units old: a list of one item per unit, newest first. */
	const olderThan = (
		age: number,
		timeOf = (item: IDataObject) => -Number(String(item.uuid).slice(1)),
	) => ({
		cutoff: { timeOf, at: -age },
	});

	it('a newest-first cutoff reads concurrently, emits each item before it once, and starts at most one page past its page', async () => {
		const list = counted(2000);
		const result = await readAll(list.fetchPage, olderThan(1549));
		expect(result.items.map(keyOf)).toEqual(ids(0, 1550).map(keyOf));
		expect(result.peakConcurrency).toBe(4);
		// page 16 holds the cutoff: without the guess from the items' times, pages 17–19 were
		// in flight when it was answered
		const pages = list.log.map((entry) => entry.page);
		expect(pages).toEqual(expect.arrayContaining(ids(0, 16).map((_, index) => index + 1)));
		expect(Math.max(...pages)).toBeLessThanOrEqual(17);
		expect(new Set(pages).size).toBe(pages.length);
	});

	it('a cutoff on page 3 costs at most 4 requests, where 4 in flight used to send 5 or more', async () => {
		const list = counted(2000);
		const result = await readAll(list.fetchPage, olderThan(249));
		expect(result.items.map(keyOf)).toEqual(ids(0, 250).map(keyOf));
		expect(result.requests).toBeLessThanOrEqual(4);
	});

	it('where items lie more sparsely further down, the guess moves on with each page, and nothing is lost', async () => {
		// the first 100 items one unit apart, the rest ten units apart
		const timeOf = (item: IDataObject) => {
			const n = Number(String(item.uuid).slice(1));
			return -(n < 100 ? n : 100 + (n - 100) * 10);
		};
		const list = counted(2000);
		const result = await readAll(list.fetchPage, olderThan(100 + 1000 * 10 - 1, timeOf));
		expect(result.items.map(keyOf)).toEqual(ids(0, 1100).map(keyOf));
		expect(Math.max(...list.log.map((entry) => entry.page))).toBeLessThanOrEqual(13);
	});

	it('hands every page request of one read the same retry budget, and each read its own', async () => {
		const budgets: unknown[][] = [[], []];
		for (const seen of budgets) {
			const list = counted(500);
			await readAll(async (page, size, call) => {
				seen.push(call?.retryBudget);
				return await list.fetchPage(page, size, call);
			});
		}
		expect(budgets[0]).toHaveLength(5);
		expect(new Set(budgets[0]).size).toBe(1);
		expect(new Set(budgets[1]).size).toBe(1);
		expect(budgets[0][0]).not.toBe(budgets[1][0]);
	});

	it('a cutoff in a list whose order new items do not keep is read page after page', async () => {
		const list = counted(1000);
		const result = await readAll(list.fetchPage, {
			newItemsAtHead: false,
			...olderThan(249),
		});
		expect(result.items.map(keyOf)).toEqual(ids(0, 250).map(keyOf));
		expect(list.log.map((entry) => entry.page)).toEqual([1, 2, 3]);
	});

	it('halves the pages in flight after a 429 and grows back after a run of successes', async () => {
		const list = counted(3000, { throttlePage: 2 });
		await readRecords({
			fetchPage: list.fetchPage,
			maxPageSize: 100,
			returnAll: true,
			concurrency: { max: 4, adaptive: false },
			keyOf,
			newItemsAtHead: true,
		});
		// pages 2–5 were already in flight; 6–9 start under the halved limit, until 8 successes
		const afterThrottle = list.log.slice(5, 9).map((entry) => entry.inFlightAtStart);
		expect(Math.max(...afterThrottle)).toBeLessThanOrEqual(2);
		expect(Math.max(...list.log.slice(-8).map((entry) => entry.inFlightAtStart))).toBeGreaterThan(
			2,
		);
	});

	it('fills the hole a page read too early leaves when items arrive at the head', async () => {
		// page 3 is answered as if 30 items had arrived, page 2 as if none had: 30 items of the snapshot fall between them
		let arrived = 0;
		const snapshot = ids(0, 500);
		const fetchPage = async (page: number, size: number): Promise<NumberedPage> => {
			if (page === 3) arrived = 30;
			const list = [...ids(1000, arrived), ...snapshot];
			const items = list.slice((page - 1) * size, page * size);
			const answer = {
				items,
				hasNextPage: page * size < list.length,
				totalPages: Math.ceil(list.length / size),
				total: list.length,
			};
			if (page === 2) arrived = 0;
			return answer;
		};
		const result = await readRecords({
			fetchPage: async (page, size) => await fetchPage(page, size),
			maxPageSize: 100,
			returnAll: true,
			concurrency: { max: 1, adaptive: false },
			keyOf,
			newItemsAtHead: true,
		});
		expect(result.items.map(keyOf)).toEqual(snapshot.map(keyOf));
		expect(result.rereads).toBeGreaterThan(0);
	});
});

describe('PageSnapshot: where pages read in any order sit in the list as it first stood', () => {
	const page = (from: number, count: number, total: number): NumberedPage => ({
		items: ids(from, count),
		hasNextPage: true,
		total,
	});

	it.each([
		{
			name: 'a still list, pages in order',
			answers: [
				[1, page(0, 3, 9)],
				[2, page(3, 3, 9)],
				[3, page(6, 3, 9)],
			],
			holes: [],
			reread: [],
			items: ids(0, 9),
		},
		{
			name: 'a still list, a page missing',
			answers: [
				[1, page(0, 3, 9)],
				[3, page(6, 3, 9)],
			],
			holes: [[3, 6]],
			reread: [2],
			items: [...ids(0, 3), ...ids(6, 3)],
		},
		{
			// two items arrived before page 3 was read: it shows places 4–6 of the snapshot
			name: 'two arrivals before page 3 was read: it repeats places 4–5 and leaves 7–8 to re-read',
			answers: [
				[1, page(0, 3, 9)],
				[2, page(3, 3, 9)],
				[3, { items: ids(4, 3), hasNextPage: true, total: 11 }],
			],
			holes: [[7, 9]],
			reread: [4],
			items: ids(0, 7),
		},
		{
			name: 'arrivals before page 2: its first items are the last of page 1, read once',
			answers: [
				[1, page(0, 3, 9)],
				[2, { items: [...ids(2, 1), ...ids(3, 2)], hasNextPage: true, total: 10 }],
				[3, { items: ids(5, 3), hasNextPage: true, total: 10 }],
				[4, { items: ids(8, 1), hasNextPage: false, total: 10 }],
			],
			holes: [],
			reread: [],
			items: ids(0, 9),
		},
	] as Array<{
		name: string;
		answers: Array<[number, NumberedPage]>;
		holes: Array<[number, number]>;
		reread: number[];
		items: IDataObject[];
	}>)('$name', ({ answers, holes, reread, items }) => {
		const snapshot = new PageSnapshot(9, 3, { keyOf, newItemsAtHead: true });
		for (const [number, answer] of answers) snapshot.place(number, answer);
		expect(snapshot.holes()).toEqual(holes);
		expect(snapshot.pagesToReread()).toEqual(reread);
		expect(snapshot.items().map(keyOf)).toEqual(items.map(keyOf));
	});

	it('a list whose items do not enter at the head notes that it moved, and places nothing by shift', () => {
		const snapshot = new PageSnapshot(6, 3, { keyOf, newItemsAtHead: false });
		snapshot.place(1, page(0, 3, 6));
		snapshot.place(2, page(3, 3, 7));
		expect(snapshot.moved).toBe(true);
		expect(snapshot.items().map(keyOf)).toEqual(ids(0, 6).map(keyOf));
	});
});

describe('ConcurrencyPool', () => {
	it('a 429 burst met by every page in flight halves the bound once, not once per page', async () => {
		for (const adaptive of [false, true]) {
			const pool = new ConcurrencyPool({ max: 16, adaptive });
			const inFlight = adaptive ? 4 : 16;
			let afterBurst: number | undefined;
			await pool.fetchPages(
				{
					fetchPage: async (_page, _size, call) => {
						await sleep(5);
						call?.onThrottle?.();
						await sleep(5);
						return { items: [], hasNextPage: false };
					},
				},
				Array.from({ length: inFlight }, (_, index) => index + 1),
				100,
				() => (afterBurst ??= pool.limit),
			);
			expect(afterBurst).toBe(inFlight / 2);
		}
	});
});
