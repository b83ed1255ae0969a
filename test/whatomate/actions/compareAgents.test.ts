import { firstQuery, range, whatomateCredentials, whatomateServers } from '../fixtures';

const { current, run } = whatomateServers();

describe('Whatomate Compare Agents', () => {
	it('one item per agent', async () => {
		const compared = (await run(current, { operation: 'compareAgents', ...range })).json(
			'Whatomate',
		);
		expect(compared.map((agent) => agent.agent_name)).toEqual(['Dana', 'Omri']);
	});

	it('an ISO value with an offset is the date it names, not the UTC date of its instant', async () => {
		await run(current, {
			operation: 'compareAgents',
			startDate: '2026-11-15T00:00:00+09:00',
			endDate: '2026-11-22T23:30:00-05:00',
		});
		expect(firstQuery(current)).toEqual({ from: '2026-11-15', to: '2026-11-22' });
	});

	it('items carry channel and time zone like every other item, and Raw gives the answer', async () => {
		const items = (await run(current, { operation: 'compareAgents', ...range })).json('Whatomate');
		expect(items[0]).toMatchObject({
			provider: 'whatomate',
			channel: 'whatsapp',
			report: 'agents_comparison',
			timezone: 'UTC',
			period_start: '2026-11-01T00:00:00Z',
			agent_name: 'Dana',
		});
		const raw = (await run(current, { operation: 'compareAgents', ...range, output: 'raw' })).json(
			'Whatomate',
		);
		expect(Object.keys(raw[0])).toEqual(['agents']);
	});

	it('403: the hint says to check the role of the key’s user', async () => {
		const result = await run(
			current,
			{ operation: 'compareAgents', ...range },
			whatomateCredentials(current, { apiKey: current.demotedApiKey }),
		);
		expect(result.error?.message).toBe('Whatomate answered 403: Insufficient permissions');
		expect(result.error?.description).toMatch(/lost the admin or manager role/);
	});
});
