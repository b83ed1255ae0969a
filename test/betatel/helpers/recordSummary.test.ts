import { DateTime } from 'luxon';

import {
	MAX_GROUP_VALUE_LENGTH,
	RecordSummary,
} from '../../../packages/n8n-nodes-betatel/nodes/Betatel/helpers/recordSummary';

const summary = (maxGroups?: number) =>
	new RecordSummary({
		channel: 'whatsapp',
		from: DateTime.fromISO('2026-12-01T00:00:00Z'),
		to: DateTime.fromISO('2026-12-02T00:00:00Z'),
		fields: ['network'],
		timezone: 'UTC',
		account: null,
		maxGroups,
	});
const record = (network: string) => ({
	uuid: 'u',
	status: 'FAILED',
	network,
	timestamp: '2026-12-01T10:00:00Z',
});

describe('RecordSummary bounds what a provider sends', () => {
	it('300,000 distinct names: at most maxGroups groups, the rest counted as "(other)"', () => {
		const counted = summary(5_000);
		for (let index = 0; index < 300_000; index++) counted.add(record(`n${index}`));
		const items = counted.items();
		expect(items).toHaveLength(5_001);
		expect(items.find((item) => item.network === '(other)')).toMatchObject({ sent: 295_000 });
		expect(counted.overflowed).toBe(295_000);
	});

	it('5,000 names of 100 KB are kept cut to their first characters', () => {
		const counted = summary();
		const long = 'y'.repeat(100_000);
		for (let index = 0; index < 5_000; index++) counted.add(record(`${index}${long}`));
		const items = counted.items();
		expect(items).toHaveLength(5_000);
		for (const item of items) expect(String(item.network).length).toBe(MAX_GROUP_VALUE_LENGTH);
	});
});
