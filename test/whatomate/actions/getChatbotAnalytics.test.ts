import { range, whatomateServers } from '../fixtures';

const { documented, run } = whatomateServers();

describe('Whatomate chatbot analytics', () => {
	it('chatbot: one summary item with flows, keywords and AI usage', async () => {
		const [item] = (await run(documented, { operation: 'getChatbotAnalytics', ...range })).json(
			'Whatomate',
		);
		expect(item).toMatchObject({
			report: 'chatbot',
			conversations: 1000,
			auto_resolved: 750,
			resolution_rate: 75,
			ai_usage: { total_tokens: 125000 },
			top_keywords: [
				{ keyword: 'order', count: 450 },
				{ keyword: 'shipping', count: 230 },
			],
		});
		expect(item.by_flow).toHaveLength(2);
	});
});
