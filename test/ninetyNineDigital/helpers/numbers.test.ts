import { withoutSecrets } from '../../../packages/n8n-nodes-99digital/nodes/NinetyNineDigital/helpers/numbers';

/* listNumbers, the request, is tested through Get Many and the dropdown. */
describe('withoutSecrets', () => {
	it('drops every field that names a key, a secret, a token or a password, whatever its case', () => {
		expect(
			withoutSecrets({
				whatsapp: '972501111111',
				apiKey: 'k',
				api_key: 'k',
				'API-KEY': 'k',
				clientSecret: 's',
				accessToken: 't',
				password: 'p',
				display_name: 'Shop Support',
			}),
		).toEqual({ whatsapp: '972501111111', display_name: 'Shop Support' });
	});
});
