import { testCredential } from '../harness/credentialTest';
import { FakeBetatel } from '../../sandbox/servers/betatel';

const server = new FakeBetatel();
beforeAll(async () => void (await server.start()));
afterAll(async () => await server.stop());
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

	it('sends an empty key as it is (n8n runs the test), and the 401 comes back with the hint to check the key', async () => {
		expect(await testCredential('betatelApi', { ...data(), apiKey: '' })).toMatchObject({
			status: 'Error',
			httpStatus: 401,
			message: expect.stringMatching(/check the API key and the account ID/),
		});
		expect(server.requests[0].headers['x-api-key']).toBe('');
	});
});
