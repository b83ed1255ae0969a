import { testCredential } from '../harness/credentialTest';
import { ninetyNineDigitalServer } from './fixtures';

const { server, see } = ninetyNineDigitalServer();

describe('99digital credential test', () => {
	it('passes with a good pair and fails with a bad secret', async () => {
		const data = {
			clientId: server.clientId,
			clientSecret: server.clientSecret,
			baseUrl: server.url,
			accessToken: '',
		};
		expect(await testCredential('ninetyNineDigitalApi', data)).toEqual({
			status: 'OK',
			httpStatus: 200,
		});
		const refused = await testCredential('ninetyNineDigitalApi', {
			...data,
			clientSecret: 'wrong-secret-for-test',
		});
		see(JSON.stringify(refused));
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(/refused the client ID and secret/);
	});
});
