import { joinUrl } from '../../../shared/http/request';

/* providerRequest is tested through every provider's transport and test/trust/redirects.test.ts. */
describe('joinUrl', () => {
	it('joins a base URL and a path typed with or without slashes', () => {
		expect(joinUrl('https://api.example.com///', '/api/v1/x')).toBe(
			'https://api.example.com/api/v1/x',
		);
		expect(joinUrl('https://api.example.com/base', 'v1/x')).toBe(
			'https://api.example.com/base/v1/x',
		);
	});
});
