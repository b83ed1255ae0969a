import { STATS_COLUMNS } from '../../../shared/normalize';
import { chain, runWorkflow } from '../../harness/engine';
import { conversations, ninetyNineDigitalCredentials, ninetyNineDigitalServer } from '../fixtures';

const { server, remember } = ninetyNineDigitalServer();

describe('99digital Get Conversation Statistics through the engine', () => {
	it('sends its filter as a JSON body on a GET request', async () => {
		remember(
			await runWorkflow(
				chain(
					conversations({
						startMonth: '2024-12-15T00:00:00',
						endMonth: '2025-02-01T00:00:00',
						whatsappNumber: '+972 50-111-1111',
					}),
				),
				ninetyNineDigitalCredentials(server),
			),
		);
		const [request] = server.requestsTo('getConversationsStatistics');
		expect(request.method).toBe('GET');
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expect(request.headers.authorization).toMatch(/^Bearer tok-/);
		expect(JSON.parse(request.rawBody)).toEqual({
			start_date: '122024',
			end_date: '022025',
			whatsapp: '972501111111',
		});
	});

	it('emits months in ascending order across the year boundary, normalized', async () => {
		const result = remember(
			await runWorkflow(
				chain(conversations({ startMonth: '122024', endMonth: '2025-02' })),
				ninetyNineDigitalCredentials(server),
			),
		);
		const items = result.json('99digital');
		expect(items.map((item) => [item.period_start, item.period_end])).toEqual([
			['2024-12-01T00:00:00+02:00', '2025-01-01T00:00:00+02:00'],
			['2025-01-01T00:00:00+02:00', '2025-02-01T00:00:00+02:00'],
			['2025-02-01T00:00:00+02:00', '2025-03-01T00:00:00+02:00'],
		]);
		expect(Object.keys(items[0])).toEqual([...STATS_COLUMNS]);
		expect(items[0]).toMatchObject({
			provider: '99digital',
			channel: 'whatsapp',
			report: 'conversations',
			account: null,
			granularity: 'month',
			conversations: 1542,
			conversations_marketing: 720,
			conversations_service: 126,
			conversations_incoming: 696,
			sent: null,
			success_rate: null,
		});
		expect(result.hints('99digital')).toEqual([]);
	});

	it('a number filter lands in the account column; raw output keeps the provider order', async () => {
		const filtered = remember(
			await runWorkflow(
				chain(conversations({ whatsappNumber: '972502222222' })),
				ninetyNineDigitalCredentials(server),
			),
		);
		expect(filtered.json('99digital').map((item) => [item.account, item.conversations])).toEqual([
			['972502222222', 32],
			['972502222222', 2],
		]);
		const raw = remember(
			await runWorkflow(
				chain(conversations({ output: 'raw' })),
				ninetyNineDigitalCredentials(server),
			),
		);
		expect(raw.json('99digital').map((item) => item.monthYear)).toEqual([
			'022025',
			'012025',
			'122024',
		]);
	});

	it('a range starting before December 2024 gets a hint, not an error', async () => {
		const result = remember(
			await runWorkflow(
				chain(conversations({ startMonth: '2024-06-01T00:00:00' })),
				ninetyNineDigitalCredentials(server),
			),
		);
		expect(result.error).toBeUndefined();
		expect(result.hints('99digital')).toEqual([
			'99digital has no data before December 2024, so nothing comes back for June 2024 to November 2024.',
		]);
	});

	it.each([
		[{ reason: 13 }, '99digital reported an error: reason 13, wrong HTTP method'],
		[
			{ reason: 2 },
			'99digital reported an error: reason 2, wrong credentials or a JSON format error',
		],
		[
			{ reason: 77 },
			'99digital reported an error: reason 77, a code its documentation does not list',
		],
	])('a FAIL answer in a 200 is an error: %j', async (failure, message) => {
		const credentials = ninetyNineDigitalCredentials(server);
		await runWorkflow(chain(conversations()), credentials); // gets a token first
		server.queue({ status: 200, body: { status: 'FAIL', ...failure } });
		const result = remember(await runWorkflow(chain(conversations()), credentials));
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe(message);
	});

	it.each([
		[
			{ startMonth: '2025-03-01T00:00:00', endMonth: '2025-01-01T00:00:00' },
			'End Month: 2025-01 is before Start Month 2025-03',
		],
		[{ whatsappNumber: '97250abc' }, 'WhatsApp Number: "97250abc" is not a phone number'],
		[{ startMonth: '13-2025' }, 'Start Month: "13-2025" is not a date and time'],
		[{ startMonth: '132025' }, 'Start Month: "132025" is not a month'],
	])('rejects bad input before any request: %j', async (parameters, message) => {
		const result = remember(
			await runWorkflow(chain(conversations(parameters)), ninetyNineDigitalCredentials(server)),
		);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(message);
		expect(server.requests).toHaveLength(0);
	});
});
