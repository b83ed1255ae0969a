/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import type { IDataObject } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	sandboxCredentials,
	sandboxPorts,
	startSandbox,
	type Sandbox,
} from '../../sandbox/sandbox';
import type { ChatTool } from '../../sandbox/servers/model';
import { sumTraffic } from '../../sandbox/traffic';
import { execute, freshUserFolder, importJson, type CliRun } from './n8n';

/**
 * The AI agent example (examples/ai-agent.json) in a real n8n: n8n's AI Agent and OpenAI
 * Chat Model, pointed at the sandbox's scripted OpenAI-compatible model, ask the four
 * questions through the tool versions of the nodes. The workflow's zone is far from UTC, so
 * "yesterday" there differs from yesterday in UTC for most of the day.
 */
const ZONE = 'Pacific/Auckland';
const AGENT = 'Messaging analyst';
const example = JSON.parse(
	readFileSync(join(__dirname, '..', '..', 'examples', 'ai-agent.json'), 'utf8'),
) as IDataObject;

let sandbox: Sandbox;
let run: CliRun;
let answers: string[];

interface Chat {
	question: string;
	calls: Array<{ tool: string; arguments: IDataObject }>;
	results: string[];
}

/** Each question's conversation as the model saw it last: its tool calls and their results. */
function conversations(): Chat[] {
	const last = new Map<string, Chat>();
	for (const request of sandbox.model.chatRequests()) {
		const question = String(request.messages.find((message) => message.role === 'user')?.content);
		last.set(question, {
			question,
			calls: request.messages.flatMap((message) =>
				(message.tool_calls ?? []).map((call) => ({
					tool: call.function.name,
					arguments: JSON.parse(call.function.arguments) as IDataObject,
				})),
			),
			results: request.messages
				.filter((message) => message.role === 'tool')
				.map((message) => String(message.content)),
		});
	}
	return [...last.values()];
}

const chatAbout = (words: RegExp) => {
	const chat = conversations().find(({ question }) => words.test(question));
	if (!chat) throw new Error(`no conversation about ${words}`);
	return chat;
};
const answerTo = (words: RegExp) =>
	answers[questions().findIndex((question) => words.test(question))];
const questions = () =>
	(
		JSON.parse(
			String(
				(
					(example.nodes as IDataObject[]).find((node) => node.name === 'Questions')!
						.parameters as IDataObject
				).jsonOutput,
			),
		) as { questions: string[] }
	).questions;

/** Betatel's own figures for a day in the zone, as its statistics would give them. */
function betatelDay(day: DateTime): { failed: number; sent: number; rate: number } {
	const sum = sumTraffic(sandbox.betatel.traffic!.whatsapp, day.startOf('day'), day.endOf('day'));
	const failed = sum.requests - sum.transactions;
	return { failed, sent: sum.requests, rate: Math.round((failed / sum.requests) * 10000) / 100 };
}

beforeAll(async () => {
	sandbox = await startSandbox(sandboxPorts(5781));
	// Failures a few minutes old, so the last hour has some whatever the seeded data holds.
	sandbox.betatel.addRecords('whatsapp', 4, 'FAILED', 300);
	const userFolder = await freshUserFolder('e2e-agent');
	await importJson(userFolder, 'credentials', sandboxCredentials(sandbox));
	await importJson(userFolder, 'workflow', {
		...example,
		settings: { ...(example.settings as IDataObject), timezone: ZONE },
	});
	run = await execute(userFolder, example.id as string);
	answers = run.outputOfEveryRun(AGENT).map((item) => String(item.output));
}, 300_000);
afterAll(async () => await sandbox?.stop());

describe('an AI agent asks the nodes as tools, in a real n8n', () => {
	it('answers every question', () => {
		expect(run.status).toBe('success');
		expect(answers).toHaveLength(questions().length);
	});

	it("yesterday's failure rate: Get Statistics for yesterday in the workflow's zone, quoted right", () => {
		const yesterday = DateTime.now().setZone(ZONE).minus({ days: 1 }).startOf('day');
		const chat = chatAbout(/yesterday/);
		expect(chat.calls).toEqual([
			{
				tool: 'WhatsApp_statistics',
				arguments: expect.objectContaining({
					period: 'daily',
					start: yesterday.toISODate(),
					end: yesterday.toISODate(),
				}) as IDataObject,
			},
		]);
		const [day] = JSON.parse(chat.results[0]) as IDataObject[];
		expect(day.period_start).toBe(yesterday.toISO({ suppressMilliseconds: true }));
		const expected = betatelDay(yesterday);
		expect(day).toMatchObject({
			failed: expected.failed,
			sent: expected.sent,
			failure_rate: expected.rate,
		});
		// A model is sent no keys without a value.
		expect(Object.values(day)).not.toContain(null);
		expect(answerTo(/yesterday/)).toContain(`failure rate was ${expected.rate} %`);
	});

	it('failed messages in the last hour: Get Many with the status and a start an hour ago', () => {
		const chat = chatAbout(/last hour/);
		expect(chat.calls).toHaveLength(1);
		expect(chat.calls[0]).toMatchObject({
			tool: 'WhatsApp_delivery_records',
			arguments: { status: 'FAILED' },
		});
		const since = DateTime.fromISO(String(chat.calls[0].arguments.created_after));
		expect(Math.abs(since.diffNow('minutes').minutes + 60)).toBeLessThan(5);
		const failedSince = sandbox.betatel.records.whatsapp.filter(
			(record) => record.status === 'FAILED' && DateTime.fromISO(record.timestamp) >= since,
		);
		expect(failedSince.length).toBeGreaterThanOrEqual(4);
		expect(
			(JSON.parse(chat.results[0]) as IDataObject[]).map((record) => record.uuid).sort(),
		).toEqual(failedSince.map((record) => record.uuid).sort());
		expect(answerTo(/last hour/)).toBe(
			`${failedSince.length} WhatsApp messages failed in the last hour.`,
		);
	});

	it("this month's conversations: 99digital for the month in the workflow's zone", () => {
		const month = DateTime.now().setZone(ZONE).startOf('month');
		const chat = chatAbout(/conversations/);
		expect(chat.calls).toEqual([
			{
				tool: 'WhatsApp_conversations',
				arguments: expect.objectContaining({
					start_month: month.toISODate(),
					end_month: month.toISODate(),
				}) as IDataObject,
			},
		]);
		const key = month.toFormat('MMyyyy');
		const total = sandbox.ninetyNineDigital.numbers.reduce((sum, number) => {
			const counts = number.months[key];
			return sum + counts.marketing + counts.service + counts.incoming;
		}, 0);
		expect(answerTo(/conversations/)).toBe(
			`This month there have been ${total} WhatsApp conversations on 99digital.`,
		);
	});

	it('a date as people say it is refused with its valid form, and the model retries with that', () => {
		const first = DateTime.now().setZone(ZONE).startOf('month');
		const chat = chatAbout(/first day/);
		expect(chat.calls.map((call) => call.arguments.start)).toEqual([
			first.toFormat('d MMMM yyyy'),
			first.toISODate(),
		]);
		const [refusal] = JSON.parse(chat.results[0]) as IDataObject[];
		expect(refusal.error).toContain(`Start: "${first.toFormat('d MMMM yyyy')}" is not a date`);
		expect(refusal.error).toContain('Use an ISO 8601 value such as 2026-03-01');
		expect(answerTo(/first day/)).toContain(`failure rate was ${betatelDay(first).rate} %`);
		// The refused date never reached Betatel: one statistics request per valid call.
		expect(sandbox.betatel.requestsTo('/whatsapp/stats')).toHaveLength(2);
	});

	it('no secret of a provider reaches the model', () => {
		const sent = JSON.stringify(sandbox.model.requests.map((request) => request.rawBody));
		for (const secret of [
			...sandbox.betatel.knownSecrets(),
			...sandbox.ninetyNineDigital.knownSecrets(),
		])
			expect(sent).not.toContain(secret);
	});

	it('what the model is told about each tool matches the reviewed snapshot', () => {
		const [first] = sandbox.model.chatRequests();
		const tools = (first.tools ?? [])
			.map(({ function: { name, description, parameters } }: ChatTool) => ({
				name,
				description,
				parameters,
			}))
			.sort((a, b) => a.name.localeCompare(b.name));
		expect(tools).toMatchSnapshot();
	});
});
