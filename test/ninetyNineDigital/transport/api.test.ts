import { pairFingerprint } from '../../../packages/n8n-nodes-99digital/nodes/NinetyNineDigital/transport/api';

describe('pairFingerprint', () => {
	const pair = {
		baseUrl: 'https://partners.99digital.co.il',
		clientId: 'id-1',
		clientSecret: 'secret-1',
	};

	it('names the base URL, client ID and secret a token was issued for, and holds none of them', () => {
		const fingerprint = pairFingerprint(pair);
		expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
		expect(pairFingerprint({ ...pair })).toBe(fingerprint);
		for (const changed of [
			{ baseUrl: 'https://other.example' },
			{ clientId: 'id-2' },
			{ clientSecret: 'secret-2' },
		])
			expect(pairFingerprint({ ...pair, ...changed })).not.toBe(fingerprint);
		expect(fingerprint).not.toContain('secret-1');
	});

	it('an empty base URL is the default one', () => {
		expect(pairFingerprint({ ...pair, baseUrl: '' })).toBe(pairFingerprint(pair));
	});
});
