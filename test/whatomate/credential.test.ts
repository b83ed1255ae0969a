import { testCredential } from '../harness/credentialTest';
import { whatomateServers } from './fixtures';

const { current } = whatomateServers();

describe('Whatomate credential test', () => {
	it('checks the key against /api/me, tolerating a trailing /api', async () => {
		expect(
			await testCredential('whatomateApi', {
				instanceUrl: `${current.url}/api/`,
				apiKey: current.apiKey,
			}),
		).toEqual({ status: 'OK', httpStatus: 200 });
		expect(current.requests[0].path).toBe('/api/me');
		expect(
			await testCredential('whatomateApi', { instanceUrl: current.url, apiKey: 'whm_wrong' }),
		).toMatchObject({ status: 'Error', httpStatus: 401 });
	});

	it("the credential test shows the server's own words for a wrong key", async () => {
		const outcome = await testCredential('whatomateApi', {
			instanceUrl: current.url,
			apiKey: `whm_${'0'.repeat(32)}`,
		});
		expect(outcome).toMatchObject({ status: 'Error', httpStatus: 401 });
		expect(outcome.message).toMatch(/"Invalid API key"/);
	});
});
