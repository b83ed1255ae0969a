import { FakeModel, nextTurn, type ChatTool } from '../../sandbox/servers/model';

/**
 * The sandbox's scripted model, which the AI agent e2e test relies on to fail when the nodes
 * tell a model too little: it must not find a tool whose description does not say what it
 * gives, and must not retry a refused date unless the refusal shows the valid form.
 */
const statisticsTool: ChatTool = {
	type: 'function',
	function: {
		name: 'WhatsApp_statistics',
		description: 'Returns WhatsApp message delivery statistics from Betatel Connect Hub',
		parameters: {},
	},
};
const system = {
	role: 'system' as const,
	content: 'Now is 2026-11-23T10:00:00.000+13:00 (Pacific/Auckland).',
};
const ask = (question: string) => [system, { role: 'user' as const, content: question }];
const refused = (error: string) => [
	...ask('What was the WhatsApp failure rate on the first day of this month?'),
	{
		role: 'assistant' as const,
		content: null,
		tool_calls: [{ id: 'call_1', function: { name: 'WhatsApp_statistics', arguments: '{}' } }],
	},
	{ role: 'tool' as const, content: JSON.stringify([{ error }]) },
];

describe('the scripted model', () => {
	it("asks for yesterday in the system message's zone", () => {
		expect(nextTurn(ask("What was yesterday's WhatsApp failure rate?"), [statisticsTool])).toEqual({
			call: {
				tool: 'WhatsApp_statistics',
				arguments: { period: 'daily', start: '2026-11-22', end: '2026-11-22' },
			},
		});
	});

	it('does not find a tool whose description does not say what it gives', () => {
		const vague = {
			...statisticsTool,
			function: {
				...statisticsTool.function,
				description: 'Get WhatsApp statistics in Betatel Connect Hub',
			},
		};
		expect(nextTurn(ask("What was yesterday's WhatsApp failure rate?"), [vague])).toEqual({
			answer: 'No tool gives WhatsApp statistics.',
		});
	});

	it('retries a refused date only when the refusal shows the valid form', () => {
		expect(
			nextTurn(
				refused(
					'Start: "1 November 2026" is not a date and time. Use an ISO 8601 value such as 2026-03-01.',
				),
				[statisticsTool],
			),
		).toEqual({
			call: {
				tool: 'WhatsApp_statistics',
				arguments: { period: 'daily', start: '2026-11-01', end: '2026-11-01' },
			},
		});
		expect(
			nextTurn(refused('Start: "1 November 2026" is not a date and time'), [statisticsTool]),
		).toEqual({
			answer:
				'The statistics tool refused the date: Start: "1 November 2026" is not a date and time',
		});
	});

	describe('over HTTP', () => {
		const model = new FakeModel();
		model.apiKey = 'test-model-key';
		beforeAll(async () => void (await model.start()));
		afterAll(async () => await model.stop());

		const complete = async (body: object, key = model.apiKey) =>
			await fetch(`${model.url}/v1/chat/completions`, {
				method: 'POST',
				headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
				body: JSON.stringify({ model: 'sandbox-analyst', tools: [statisticsTool], ...body }),
			});

		it('refuses a wrong API key', async () => {
			expect((await complete({ messages: ask('hello') }, 'wrong')).status).toBe(401);
		});

		it('answers a tool call as OpenAI does, plain or streamed', async () => {
			const plain = (await (
				await complete({ messages: ask("yesterday's failure rate?") })
			).json()) as {
				choices: Array<{
					message: { tool_calls: Array<{ function: { name: string } }> };
					finish_reason: string;
				}>;
			};
			expect(plain.choices[0].finish_reason).toBe('tool_calls');
			expect(plain.choices[0].message.tool_calls[0].function.name).toBe('WhatsApp_statistics');

			const streamed = await complete({ messages: ask("yesterday's failure rate?"), stream: true });
			expect(streamed.headers.get('content-type')).toBe('text/event-stream');
			const events = (await streamed.text()).split('\n\n').filter(Boolean);
			expect(events.at(-1)).toBe('data: [DONE]');
			const first = JSON.parse(events[0].slice('data: '.length)) as {
				choices: Array<{
					delta: { tool_calls: Array<{ index: number; function: { name: string } }> };
				}>;
			};
			expect(first.choices[0].delta.tool_calls[0]).toMatchObject({
				index: 0,
				function: { name: 'WhatsApp_statistics' },
			});
		});
	});
});
