import { redact } from '../../shared/secrets';

describe('redact', () => {
	it('masks secret-shaped values it was not told about', () => {
		expect(redact('sent Authorization: Bearer tok-1-abc123 to /x')).toBe(
			'sent Authorization: Bearer *** to /x',
		);
		expect(redact('{"access_token":"tok-9-zz","client_secret":"s3cr3t-v"}')).toBe(
			'{"access_token":"***","client_secret":"***"}',
		);
		expect(redact('x-api-key=abcd1234&page=2')).toBe('x-api-key=***&page=2');
		expect(redact('nothing secret here: page 2 of 5')).toBe('nothing secret here: page 2 of 5');
	});

	it('masks the secrets it was told about', () => {
		expect(redact('bad key sk-12345 given', ['sk-12345'])).toBe('bad key *** given');
	});
});
