import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	type NumberedPage,
	readRecords,
	type RecordRead,
} from '../../../packages/n8n-nodes-betatel/nodes/Betatel/pagination';

const ids = (from: number, count: number): IDataObject[] =>
	Array.from({ length: count }, (_, i) => ({ uuid: `r${from + i}` }));

const keyOf = (item: IDataObject) => item.uuid as string;

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
