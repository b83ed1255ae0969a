import type { IDataObject, INode } from 'n8n-workflow';

import { FakeBetatel } from '../../sandbox/servers/betatel';
import { FakeNinetyNineDigital } from '../../sandbox/servers/ninetyNineDigital';
import { FakeWhatomate } from '../../sandbox/servers/whatomate';
import { baseUrlProblem } from '../../shared/credentials';
import { betatelCredentials, betatelList, betatelNode } from '../betatel/fixtures';
import { testCredential } from '../harness/credentialTest';
import type { MemoryCredentialsHelper } from '../harness/credentials';
import { chain, runWorkflow } from '../harness/engine';
import { ninetyNineDigitalCredentials, ninetyNineDigitalNode } from '../ninetyNineDigital/fixtures';
import { whatomateCredentials, whatomateNode } from '../whatomate/fixtures';
import { allProviders } from '../harness/allProviders';

describe('Base URLs', () => {
	const betatel = new FakeBetatel();
	const ninetyNine = new FakeNinetyNineDigital();
	const whatomate = new FakeWhatomate('documented');
	const servers = [betatel, ninetyNine, whatomate];
	beforeAll(
		async () => void (await Promise.all(servers.map(async (server) => await server.start()))),
	);
	afterAll(
		async () => void (await Promise.all(servers.map(async (server) => await server.stop()))),
	);
	beforeEach(() => servers.forEach((server) => server.reset()));

	/** Each credential with its Base URL field, a node that uses it, and the credential's data. */
	const PROVIDERS: Array<{
		name: string;
		type: string;
		field: string;
		label: string;
		node: () => INode;
		credentials: (url: string) => MemoryCredentialsHelper;
		data: (url: string) => IDataObject;
	}> = [
		{
			name: 'Betatel',
			type: 'betatelApi',
			field: 'baseUrl',
			label: 'Base URL',
			node: () =>
				betatelNode({ resource: 'whatsapp', operation: 'getAll', returnAll: false, limit: 5 }),
			credentials: (url) => betatelCredentials(betatel, { baseUrl: url }),
			data: (url) => ({ apiKey: betatel.apiKey, accountId: betatel.accountId, baseUrl: url }),
		},
		{
			name: '99digital',
			type: 'ninetyNineDigitalApi',
			field: 'baseUrl',
			label: 'Base URL',
			node: () => ninetyNineDigitalNode({ operation: 'getConversationStatistics' }),
			credentials: (url) => ninetyNineDigitalCredentials(ninetyNine, { baseUrl: url }),
			data: (url) => ({
				clientId: ninetyNine.clientId,
				clientSecret: ninetyNine.clientSecret,
				baseUrl: url,
			}),
		},
		{
			name: 'Whatomate',
			type: 'whatomateApi',
			field: 'instanceUrl',
			label: 'Instance URL',
			node: () => whatomateNode({ operation: 'getDashboard' }),
			credentials: (url) => whatomateCredentials(whatomate, { instanceUrl: url }),
			data: (url) => ({ instanceUrl: url, apiKey: whatomate.apiKey }),
		},
	];

	/** Base URLs that start like the provider's and send its key elsewhere, or in clear text. */
	const REFUSED: Array<[string, RegExp]> = [
		['https://evil.example#@api.betatel.com', /must not hold a query \(\?\) or a fragment \(#\)/],
		['https://api.betatel.com@evil.example', /must not hold a user name or password/],
		['https://api.betatel.com?x=', /must not hold a query \(\?\) or a fragment \(#\)/],
		['http://api.betatel.com', /must use https:\/\/ for a server on the internet/],
		['http://8.8.8.8:8080', /must use https:\/\/ for a server on the internet/],
		['ftp://user:hunter2-not-real@host.example', /must start with https:\/\//],
		['https://user:hunter2-not-real@host.example', /must not hold a user name or password/],
	];

	describe('Base URLs are parsed, not prefixed', () => {
		describe.each(PROVIDERS)('$name', (provider) => {
			it.each(REFUSED)(
				'%s is refused at the first request, before any is sent',
				async (url, problem) => {
					const result = await runWorkflow(chain(provider.node()), provider.credentials(url));
					expect(result.error?.name).toBe('NodeOperationError');
					expect(result.error?.message).toMatch(new RegExp(`^${provider.label} in the credential`));
					expect(result.error?.message).toMatch(problem);
					expect(result.error?.message).not.toContain('hunter2');
					expect(servers.reduce((sum, server) => sum + server.requests.length, 0)).toBe(0);
				},
			);

			it.each(REFUSED)("%s is refused by the credential's Test", async (url, problem) => {
				const outcome = await testCredential(provider.type, provider.data(url));
				expect(outcome.status).toBe('Error');
				expect(outcome.message).toMatch(problem);
				expect(outcome.message).not.toContain('hunter2');
			});
		});
	});

	describe('what plain http may reach', () => {
		it.each([
			'http://127.0.0.1:5701',
			'http://localhost:8080',
			'http://[::1]:8080',
			'http://10.0.0.5',
			'http://172.20.1.1',
			'http://192.168.1.10:8080/api',
			'http://whatomate:8080',
			'http://whatomate.internal',
			'http://nas.local',
			'https://api.betatel.com',
			'https://whatomate.example.com/api/',
		])('%s is taken', (url) => expect(baseUrlProblem(url)).toBeUndefined());

		it.each(['http://172.32.0.1', 'http://11.0.0.1', 'http://example.com', 'http://[2001:db8::1]'])(
			'%s is not',
			(url) => expect(baseUrlProblem(url)).toMatch(/must use https:\/\//),
		);
	});
});

describe('refused before any request, in every node', () => {
	const { betatel, ninetyNine, whatomate, requestsSent, expectRefusedBeforeSending } =
		allProviders();

	describe('an empty secret is never sent', () => {
		it.each([
			['apiKey', /^API Key in the credential "Betatel Connect Hub API" is empty/],
			['accountId', /^Account ID in the credential "Betatel Connect Hub API" is empty/],
		])('Betatel with an empty %s', async (field, message) => {
			await expectRefusedBeforeSending(
				betatelList(),
				betatelCredentials(betatel, { [field]: '' }),
				message,
			);
		});

		it.each([
			['clientId', /^Client ID in the credential "99digital Partners API" is empty/],
			['clientSecret', /^Client Secret in the credential "99digital Partners API" is empty/],
		])(
			'99digital with an empty %s: no token request, so no step towards the IP block',
			async (field, message) => {
				const result = await runWorkflow(
					chain(ninetyNineDigitalNode({ operation: 'getConversationStatistics' })),
					ninetyNineDigitalCredentials(ninetyNine, { [field]: '  ' }),
				);
				expect(result.error?.message).toMatch(message);
				expect(requestsSent()).toBe(0);
				const outcome = await testCredential('ninetyNineDigitalApi', {
					clientId: field === 'clientId' ? '' : ninetyNine.clientId,
					clientSecret: field === 'clientSecret' ? '' : ninetyNine.clientSecret,
					baseUrl: ninetyNine.url,
					accessToken: '',
				});
				expect(outcome).toEqual({ status: 'Error', message: expect.stringMatching(message) });
				expect(requestsSent()).toBe(0);
			},
		);

		it('Whatomate with an empty API key', async () => {
			await expectRefusedBeforeSending(
				whatomateNode({ operation: 'compareAgents' }),
				whatomateCredentials(whatomate, { apiKey: '' }),
				/^API Key in the credential "Whatomate API" is empty/,
			);
		});
	});

	describe('a base URL that is not http(s) names the credential and the field', () => {
		it('Betatel', async () => {
			await expectRefusedBeforeSending(
				betatelList(),
				betatelCredentials(betatel, { baseUrl: 'ftp://api.betatel.com' }),
				/^Base URL in the credential "Betatel Connect Hub API" must start with https:\/\/ \(or http:\/\/ for a server on your own network\): "ftp:\/\/api.betatel.com" does not$/,
			);
		});

		it('99digital, before the token exchange', async () => {
			await expectRefusedBeforeSending(
				ninetyNineDigitalNode({ operation: 'getConversationStatistics' }),
				ninetyNineDigitalCredentials(ninetyNine, { baseUrl: 'partners.99digital.co.il' }),
				/^Base URL in the credential "99digital Partners API" must start with https:\/\/ \(or http:\/\/ for a server on your own network\): "partners.99digital.co.il" does not$/,
			);
		});
	});
});
