import { FakeApiServer, json, type LoggedRequest, type Reply } from './base';

/**
 * `documented`: a server that answers as the analytics documentation (seed 003) says.
 * `current`: the behaviour of current releases: the dashboard reads `from`/`to` only and
 * answers in `data.stats`, messages and chatbot answer 501, agents exist, error bodies
 * are `{status: "error", message}`, and unknown routes a plain-text 404.
 */
export type WhatomateFlavour = 'documented' | 'current';

const error = (status: number, message: string): Reply =>
	json({ status: 'error', message, data: null }, status);
const success = (data: unknown): Reply => json({ status: 'success', data });
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const AGENTS = [
	{ agent_id: 'a1', agent_name: 'Dana', transfers_handled: 30, avg_resolution_mins: 12 },
	{ agent_id: 'a2', agent_name: 'Omri', transfers_handled: 12, avg_resolution_mins: 19 },
];

export class FakeWhatomate extends FakeApiServer {
	/** An admin's key: reads everything. */
	apiKey = 'test-whatomate-key-not-real';

	/** The key of a user who is an agent: agent analytics answer with that agent's own figures. */
	agentApiKey = 'test-whatomate-agent-key-not-real';

	/** The key of a user who lost the admin role after creating it: 403 on admin reports. */
	demotedApiKey = 'test-whatomate-demoted-key-not-real';

	knownSecrets(): string[] {
		return [this.apiKey, this.agentApiKey, this.demotedApiKey];
	}

	constructor(readonly flavour: WhatomateFlavour) {
		super();
	}

	protected route(request: LoggedRequest): Reply {
		const key = request.headers['x-api-key'];
		if (key !== this.apiKey && key !== this.agentApiKey && key !== this.demotedApiKey)
			return error(401, 'Invalid API key');
		const adminReport =
			request.path === '/api/analytics/dashboard' ||
			request.path === '/api/analytics/agents/comparison';
		if (key !== this.apiKey && adminReport && this.flavour === 'current')
			return error(403, 'Insufficient permissions');
		if (request.method !== 'GET') return { status: 405, body: 'Method Not Allowed' };
		const query = request.query;
		switch (request.path) {
			case '/api/me':
				return success({ id: 'user-1', email: 'admin@example.test', role: 'admin' });
			case '/api/analytics/dashboard':
				return this.flavour === 'documented'
					? this.documentedDashboard()
					: this.currentDashboard(query);
			case '/api/analytics/messages':
				return this.flavour === 'documented'
					? this.documentedMessages(query)
					: error(501, 'Not implemented yet');
			case '/api/analytics/chatbot':
				return this.flavour === 'documented'
					? this.documentedChatbot()
					: error(501, 'Not implemented yet');
			case '/api/analytics/agents':
				return this.flavour === 'current'
					? this.agents(query, key !== this.apiKey)
					: { status: 404, body: '404 page not found' };
			case '/api/analytics/agents/comparison':
				return this.flavour === 'current'
					? this.comparison(query)
					: { status: 404, body: '404 page not found' };
			default:
				return { status: 404, body: '404 page not found' };
		}
	}

	private checkDates(query: URLSearchParams): Reply | undefined {
		for (const field of ['from', 'to']) {
			const value = query.get(field);
			if (value !== null && !DATE.test(value))
				return error(400, `Invalid '${field}' date format. Use YYYY-MM-DD`);
		}
		return undefined;
	}

	private documentedDashboard(): Reply {
		return success({
			contacts: { total: 5000, new_today: 25, new_this_week: 150, growth_percent: 12.5 },
			messages: { total: 50000, sent: 25000, received: 25000, today: 500 },
			campaigns: { total: 20, active: 2, completed_this_month: 5 },
			chatbot: {
				conversations_today: 100,
				auto_resolved: 75,
				transferred_to_agent: 25,
				resolution_rate: 75.0,
			},
		});
	}

	private currentDashboard(query: URLSearchParams): Reply {
		const invalid = this.checkDates(query);
		if (invalid) return invalid;
		return success({
			stats: {
				total_messages: 50000,
				messages_change: 12.5,
				total_contacts: 5000,
				contacts_change: -3.2,
				chatbot_sessions: 100,
				chatbot_change: 0,
				campaigns_sent: 20,
				campaigns_change: 5,
			},
			recent_messages: [
				{
					id: 'm1',
					contact_name: 'Test Contact',
					content: 'Hello',
					direction: 'incoming',
					created_at: '2026-11-20T10:00:00Z',
					status: 'read',
				},
			],
		});
	}

	private documentedMessages(query: URLSearchParams): Reply {
		const start = query.get('start_date') ?? '2024-01-01';
		const day = start.slice(0, 10);
		const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
		return success({
			summary: {
				total_sent: 10000,
				total_received: 8000,
				total_delivered: 9800,
				total_read: 7500,
				total_failed: 200,
				delivery_rate: 98.0,
				read_rate: 76.5,
			},
			by_type: { text: 12000, image: 3000, template: 2500, document: 500 },
			timeline: [
				{ date: day, sent: 500, received: 400, delivered: 490, read: 350 },
				{ date: next, sent: 600, received: 450, delivered: 590, read: 400 },
			],
		});
	}

	private documentedChatbot(): Reply {
		return success({
			summary: {
				total_conversations: 1000,
				auto_resolved: 750,
				transferred_to_agent: 200,
				abandoned: 50,
				resolution_rate: 75.0,
				avg_messages_per_conversation: 5.2,
				avg_resolution_time_seconds: 120,
			},
			by_flow: [
				{ flow_name: 'Order Status', conversations: 300, completion_rate: 85.0 },
				{ flow_name: 'FAQ', conversations: 200, completion_rate: 92.0 },
			],
			top_keywords: [
				{ keyword: 'order', count: 450 },
				{ keyword: 'shipping', count: 230 },
			],
			ai_usage: {
				total_requests: 500,
				avg_tokens_per_request: 250,
				total_tokens: 125000,
				estimated_cost: 2.5,
			},
		});
	}

	/**
	 * As current releases answer: first-response times are never computed (always 0), weekly
	 * trend buckets start on Monday (so the first may begin before `from`), and with an agent
	 * filter, or for a key whose user is an agent, that agent's figures come in `my_stats`
	 * and there is no `agent_stats`.
	 */
	private agents(query: URLSearchParams, asAgent: boolean): Reply {
		const invalid = this.checkDates(query);
		if (invalid) return invalid;
		const from = query.get('from') ?? '2026-11-01';
		const weekly = query.get('group_by') === 'week';
		const first = new Date(`${from}T00:00:00Z`);
		if (weekly) first.setUTCDate(first.getUTCDate() - ((first.getUTCDay() + 6) % 7));
		const step = weekly ? 7 : 1;
		const dates = [0, 1].map((index) =>
			new Date(first.getTime() + index * step * 86_400_000).toISOString().slice(0, 10),
		);
		const agentId = query.get('agent_id');
		const summary = {
			total_transfers_handled: 42,
			active_transfers: 3,
			avg_queue_time_mins: 1.5,
			avg_first_response_mins: 0,
			avg_resolution_mins: 14,
			transfers_by_source: { chatbot: 30, manual: 12 },
		};
		const trend_data = [
			{ date: dates[0], transfers_handled: 20, avg_response_mins: 0 },
			{ date: dates[1], transfers_handled: 22, avg_response_mins: 0 },
		];
		if (agentId || asAgent) {
			const me = agentId === 'a2' || (!agentId && asAgent) ? AGENTS[1] : AGENTS[0];
			return success({ summary, my_stats: me, trend_data });
		}
		return success({ summary, agent_stats: AGENTS, trend_data });
	}

	private comparison(query: URLSearchParams): Reply {
		const invalid = this.checkDates(query);
		if (invalid) return invalid;
		return success({
			agents: [
				{ agent_id: 'a1', agent_name: 'Dana', transfers_handled: 30, avg_response_mins: 2.1 },
				{ agent_id: 'a2', agent_name: 'Omri', transfers_handled: 12, avg_response_mins: 3.4 },
			],
		});
	}
}
