import { DateTime } from 'luxon';

import { FakeApiServer, json, type LoggedRequest, type Reply } from './base';

interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content: string | null | Array<{ type: string; text?: string }>;
	tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
}

export interface ChatTool {
	type: 'function';
	function: { name: string; description: string; parameters: object };
}

interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: ChatTool[];
	stream?: boolean;
}

/** What the scripted model does next: call one tool, or answer. */
export type ModelTurn =
	| { call: { tool: string; arguments: Record<string, unknown> } }
	| { answer: string };

const text = (message: ChatMessage): string =>
	typeof message.content === 'string'
		? message.content
		: (message.content ?? []).map((part) => part.text ?? '').join('');

/**
 * An OpenAI-compatible chat model (`POST /v1/chat/completions`) that plays an analyst with a
 * script instead of a mind, so an AI Agent's run is the same every time and offline. It
 * reads "now" and the zone from the system message, picks a tool by what its description
 * says (as a model would, so a tool described badly is not found), fills the tool's
 * arguments, and answers from what the tool returned. A tool error is retried only when
 * the error itself shows a valid value, which is what the nodes' errors promise a model.
 * Every request is logged, so a test can read what the model was told.
 */
export class FakeModel extends FakeApiServer {
	apiKey = '';

	chatRequests(): ChatRequest[] {
		return this.requestsTo('/chat/completions').map((request) => request.body as ChatRequest);
	}

	knownSecrets(): string[] {
		return [this.apiKey];
	}

	protected route(request: LoggedRequest): Reply {
		if (request.headers.authorization !== `Bearer ${this.apiKey}`) {
			return json(
				{ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } },
				401,
			);
		}
		if (request.method === 'GET' && request.path.endsWith('/models')) {
			return json({
				object: 'list',
				data: [{ id: 'sandbox-analyst', object: 'model', owned_by: 'sandbox' }],
			});
		}
		if (request.method !== 'POST' || !request.path.endsWith('/chat/completions')) {
			return json({ error: { message: `no route ${request.method} ${request.path}` } }, 404);
		}
		const chat = request.body as ChatRequest;
		return completion(chat, nextTurn(chat.messages, chat.tools ?? []), this.requests.length);
	}
}

function completion(chat: ChatRequest, turn: ModelTurn, serial: number): Reply {
	const message =
		'call' in turn
			? {
					role: 'assistant',
					content: null,
					tool_calls: [
						{
							id: `call_${serial}`,
							type: 'function',
							function: { name: turn.call.tool, arguments: JSON.stringify(turn.call.arguments) },
						},
					],
				}
			: { role: 'assistant', content: turn.answer };
	const finish = 'call' in turn ? 'tool_calls' : 'stop';
	const base = {
		id: `chatcmpl-${serial}`,
		created: Math.floor(Date.now() / 1000),
		model: chat.model,
	};
	const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
	if (!chat.stream) {
		return json({
			...base,
			object: 'chat.completion',
			choices: [{ index: 0, message, finish_reason: finish }],
			usage,
		});
	}
	const delta =
		'call' in turn
			? {
					role: 'assistant',
					tool_calls: message.tool_calls!.map((call, index) => ({ index, ...call })),
				}
			: { role: 'assistant', content: turn.answer };
	const chunks = [
		{
			...base,
			object: 'chat.completion.chunk',
			choices: [{ index: 0, delta, finish_reason: null }],
		},
		{
			...base,
			object: 'chat.completion.chunk',
			choices: [{ index: 0, delta: {}, finish_reason: finish }],
			usage,
		},
	];
	return {
		status: 200,
		headers: { 'content-type': 'text/event-stream' },
		body: `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`,
	};
}

/** The tool whose description says what the question needs. */
function toolFor(tools: ChatTool[], says: RegExp): ChatTool | undefined {
	return tools.find((tool) => says.test(tool.function.description));
}

/** Items as a tool returned them: n8n sends the node's output as JSON text. */
function itemsOf(toolResult: string): Array<Record<string, unknown>> {
	try {
		const parsed = JSON.parse(toolResult) as unknown;
		const list = Array.isArray(parsed) ? parsed : [parsed];
		return list.map((entry) =>
			entry && typeof entry === 'object' && 'json' in entry
				? (entry as { json: Record<string, unknown> }).json
				: (entry as Record<string, unknown>),
		);
	} catch {
		return [];
	}
}

/** A node that failed as a tool returns one item with its error message. */
function refusalIn(toolResult: string): string | undefined {
	const error = itemsOf(toolResult)[0]?.error;
	return typeof error === 'string' ? error : undefined;
}

/**
 * The script: four questions an OTP team asks. Each is one tool call and an answer, except a
 * date given the way people say it, which the tool refuses; the retry uses the form the
 * refusal showed.
 */
export function nextTurn(messages: ChatMessage[], tools: ChatTool[]): ModelTurn {
	const system = messages
		.filter((message) => message.role === 'system')
		.map(text)
		.join('\n');
	const nowText = /Now is (\S+)/.exec(system)?.[1];
	const now = nowText ? DateTime.fromISO(nowText, { setZone: true }) : undefined;
	const lastQuestion = messages.map((message) => message.role).lastIndexOf('user');
	const question = text(messages[lastQuestion] ?? { role: 'user', content: '' });
	const results = messages
		.slice(lastQuestion + 1)
		.filter((message) => message.role === 'tool')
		.map(text);
	const lastResult = results.at(-1);
	if (!now?.isValid)
		return {
			answer: 'I do not know what day it is: the system message does not say "Now is <ISO 8601>".',
		};

	const statistics = toolFor(tools, /WhatsApp message delivery statistics/);
	const records = toolFor(tools, /Lists WhatsApp delivery records/);
	const conversations = toolFor(tools, /WhatsApp conversation counts/);

	if (/failure rate/i.test(question) && /yesterday/i.test(question)) {
		if (!statistics) return { answer: 'No tool gives WhatsApp statistics.' };
		const yesterday = now.minus({ days: 1 }).toISODate()!;
		if (lastResult === undefined)
			return {
				call: {
					tool: statistics.function.name,
					arguments: { period: 'daily', start: yesterday, end: yesterday },
				},
			};
		const day = itemsOf(lastResult)[0];
		if (!day) return { answer: `The tool returned nothing I can read: ${lastResult}` };
		return {
			answer: `Yesterday (${yesterday}) the WhatsApp failure rate was ${day.failure_rate} %: ${day.failed} of ${day.sent} messages failed.`,
		};
	}

	if (/failure rate/i.test(question) && /first day of this month/i.test(question)) {
		if (!statistics) return { answer: 'No tool gives WhatsApp statistics.' };
		const first = now.startOf('month');
		if (lastResult === undefined) {
			// The way a person says it: the tool must refuse it and show what it takes.
			const spoken = `${first.toFormat('d')} ${first.toFormat('MMMM yyyy')}`;
			return {
				call: {
					tool: statistics.function.name,
					arguments: { period: 'daily', start: spoken, end: spoken },
				},
			};
		}
		const refusal = refusalIn(lastResult);
		if (refusal !== undefined) {
			const showsTheForm = /such as \d{4}-\d{2}-\d{2}\b/.test(refusal);
			if (!showsTheForm || results.length > 1)
				return { answer: `The statistics tool refused the date: ${refusal}` };
			const iso = first.toISODate()!;
			return {
				call: {
					tool: statistics.function.name,
					arguments: { period: 'daily', start: iso, end: iso },
				},
			};
		}
		const day = itemsOf(lastResult)[0];
		return {
			answer: `On ${first.toISODate()} the WhatsApp failure rate was ${day?.failure_rate} %: ${day?.failed} of ${day?.sent} messages failed.`,
		};
	}

	if (/how many/i.test(question) && /failed/i.test(question) && /last hour/i.test(question)) {
		if (!records) return { answer: 'No tool lists WhatsApp delivery records.' };
		if (lastResult === undefined) {
			const since = now.minus({ hours: 1 }).toISO({ suppressMilliseconds: true })!;
			return {
				call: {
					tool: records.function.name,
					arguments: { status: 'FAILED', created_after: since },
				},
			};
		}
		const failed = itemsOf(lastResult).filter((record) => record.status === 'FAILED');
		return { answer: `${failed.length} WhatsApp messages failed in the last hour.` };
	}

	if (/conversations/i.test(question) && /this month/i.test(question)) {
		if (!conversations) return { answer: 'No tool gives WhatsApp conversation counts.' };
		if (lastResult === undefined) {
			const month = now.startOf('month').toISODate()!;
			return {
				call: {
					tool: conversations.function.name,
					arguments: { start_month: month, end_month: month },
				},
			};
		}
		const total = itemsOf(lastResult).reduce(
			(sum, month) => sum + Number(month.conversations ?? 0),
			0,
		);
		return { answer: `This month there have been ${total} WhatsApp conversations on 99digital.` };
	}

	return {
		answer:
			'I can answer questions about WhatsApp failure rates, failed messages and conversations.',
	};
}
