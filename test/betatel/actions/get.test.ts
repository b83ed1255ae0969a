import { FakeBetatel, makeRecords } from '../../../sandbox/servers/betatel';
import { chain, fixtureItems, runWorkflow } from '../../harness/engine';
import { served } from '../../harness/served';
import { betatelCredentials, betatelNode } from '../fixtures';
import { allProviders } from '../../harness/allProviders';

describe('Get Delivery Record', () => {
	const server = served(new FakeBetatel());
	beforeEach(() => {
		server.reset();
		server.records.whatsapp = makeRecords('whatsapp', 20);
		server.records.telegram = makeRecords('telegram', 5);
	});

	describe('Betatel Get Delivery Record through the engine', () => {
		it('gets WDRs by the UUID in each input item', async () => {
			const [first, second] = [server.records.whatsapp[7], server.records.whatsapp[8]];
			const result = await runWorkflow(
				chain(
					fixtureItems([{ id: first.uuid }, { id: second.uuid }]),
					betatelNode({ resource: 'whatsapp', operation: 'get', uuid: '={{ $json.id }}' }),
				),
				betatelCredentials(server),
			);
			expect(result.json('Betatel')).toEqual([
				{ provider: 'betatel', channel: 'whatsapp', ...first },
				{ provider: 'betatel', channel: 'whatsapp', ...second },
			]);
			expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
				`GET /api/v1/connect-hub/whatsapp/${first.uuid}/wdr`,
				`GET /api/v1/connect-hub/whatsapp/${second.uuid}/wdr`,
			]);
		});

		it('gets a TDR from the Telegram route', async () => {
			const tdr = server.records.telegram[3];
			const result = await runWorkflow(
				chain(betatelNode({ resource: 'telegram', operation: 'get', uuid: tdr.uuid })),
				betatelCredentials(server),
			);
			expect(result.json('Betatel')).toEqual([
				{ provider: 'betatel', channel: 'telegram', ...tdr },
			]);
			expect(server.requests[0].path).toBe(`/api/v1/connect-hub/telegram/${tdr.uuid}/tdr`);
		});

		it('an unknown UUID is a 404 with the provider message and a hint', async () => {
			const result = await runWorkflow(
				chain(betatelNode({ resource: 'whatsapp', operation: 'get', uuid: 'no-such-record' })),
				betatelCredentials(server),
			);
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.message).toBe('Betatel answered 404: Record not found');
			expect(result.error?.description).toMatch(/check the UUID/);
		});

		it('an empty UUID is refused before any request', async () => {
			const result = await runWorkflow(
				chain(betatelNode({ resource: 'whatsapp', operation: 'get', uuid: '  ' })),
				betatelCredentials(server),
			);
			expect(result.error?.message).toBe('Record UUID: is required and cannot be empty');
			expect(server.requests).toHaveLength(0);
		});
	});
});

describe('refused before any request, in every node', () => {
	const { betatel, expectRefusedBeforeSending } = allProviders();

	describe('a record uuid cannot walk to another endpoint', () => {
		it.each(['..', '.', '../wdr', 'a/b', 'x?page=2', 'a%2F..', 'x'.repeat(129)])(
			'"%s" is refused naming Record UUID',
			async (uuid) => {
				await expectRefusedBeforeSending(
					betatelNode({ resource: 'whatsapp', operation: 'get', uuid }),
					betatelCredentials(betatel),
					/^Record UUID: ".*" is not a record uuid$/,
					/1 to 128 letters, digits/,
				);
			},
		);

		it('a real uuid still reads its record', async () => {
			const uuid = betatel.records.whatsapp[3].uuid;
			const result = await runWorkflow(
				chain(betatelNode({ resource: 'whatsapp', operation: 'get', uuid })),
				betatelCredentials(betatel),
			);
			expect(result.error).toBeUndefined();
			expect(result.json('Betatel')[0].uuid).toBe(uuid);
		});
	});
});
