import { testCredential } from '../harness/credentialTest';
import { FakeBetatel } from '../../sandbox/servers/betatel';
import { served } from '../harness/served';

const server = served(new FakeBetatel());
beforeEach(() => server.reset());

describe('Betatel credential test', () => {
	const data = () => ({
		apiKey: server.apiKey,
		accountId: server.accountId,
		baseUrl: `${server.url}/`,
	});

	it('passes with a good key and account ID, through a free call that sends both headers', async () => {
		expect(await testCredential('betatelApi', data())).toEqual({ status: 'OK', httpStatus: 200 });
		const [request] = server.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/v1/connect-hub/whatsapp/wdr');
		expect(request.body).toEqual({ page: 1, rows_per_page: 1 });
		expect(request.headers['x-api-key']).toBe(server.apiKey);
		expect(request.headers['x-account-id']).toBe(server.accountId);
	});

	it('fails with a wrong key or a wrong account ID', async () => {
		expect(
			await testCredential('betatelApi', { ...data(), apiKey: 'wrong-key-for-test' }),
		).toMatchObject({ status: 'Error', httpStatus: 401 });
		expect(
			await testCredential('betatelApi', { ...data(), accountId: 'someone-else' }),
		).toMatchObject({ status: 'Error', httpStatus: 401 });
	});

	it('refuses an empty key or a Base URL without http:// in words naming the field, before any request', async () => {
		expect(await testCredential('betatelApi', { ...data(), apiKey: '' })).toEqual({
			status: 'Error',
			message: 'API Key in the credential "Betatel Connect Hub API" is empty: fill it in',
		});
		expect(await testCredential('betatelApi', { ...data(), baseUrl: 'api.betatel.com' })).toEqual({
			status: 'Error',
			message:
				'Base URL in the credential "Betatel Connect Hub API" must start with https:// (or http:// for a server on your own network): "api.betatel.com" does not',
		});
		expect(server.requests).toHaveLength(0);
	});
});
