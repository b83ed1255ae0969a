import type { IDataObject } from 'n8n-workflow';

import { type NumberedPage } from '../../../packages/n8n-nodes-betatel/nodes/Betatel/pagination';
import { PageSnapshot } from '../../../packages/n8n-nodes-betatel/nodes/Betatel/pagination/snapshot';

const ids = (from: number, count: number): IDataObject[] =>
	Array.from({ length: count }, (_, i) => ({ uuid: `r${from + i}` }));

const keyOf = (item: IDataObject) => item.uuid as string;

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
