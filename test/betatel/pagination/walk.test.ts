import type { IDataObject } from 'n8n-workflow';

import {
	type NumberedPage,
	walkNumberedPages,
} from '../../../packages/n8n-nodes-betatel/nodes/Betatel/pagination';

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
