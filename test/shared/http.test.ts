import { errorMessageFromBody, redirectTarget } from '../../shared/http/errors';
import { joinUrl } from '../../shared/http/request';
import { backoffDelay, parseRetryAfter } from '../../shared/http/retry';
import { redact } from '../../shared/secrets';

describe('shared HTTP helpers', () => {
	it('reads Retry-After as seconds or as an HTTP date', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		const now = Date.parse('2026-11-21T10:00:00Z');
		expect(parseRetryAfter('Sat, 21 Nov 2026 10:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});

	it('backs off exponentially with jitter, capped', () => {
		for (let attempt = 1; attempt <= 8; attempt++) {
			const step = Math.min(8_000, 500 * 2 ** (attempt - 1));
			const delay = backoffDelay(attempt);
			expect(delay).toBeGreaterThanOrEqual(step / 2);
			expect(delay).toBeLessThanOrEqual(step);
		}
	});

	it('finds the message in JSON and plain-text error bodies', () => {
		expect(errorMessageFromBody({ statusCode: 400, message: 'Invalid stat type' })).toBe(
			'Invalid stat type',
		);
		expect(errorMessageFromBody({ status: 'error', message: 'Invalid API key', data: null })).toBe(
			'Invalid API key',
		);
		expect(errorMessageFromBody({ error: { message: 'nested' } })).toBe('nested');
		expect(errorMessageFromBody('Unauthorized: Missing API Key\n')).toBe(
			'Unauthorized: Missing API Key',
		);
		expect(errorMessageFromBody('{"message":"json as text"}')).toBe('json as text');
		expect(errorMessageFromBody('')).toBeUndefined();
	});

	it('shows an HTML error page as its title, never its markup', () => {
		const page =
			'<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><h1>502</h1><script>x()</script></body></html>';
		expect(errorMessageFromBody(page)).toBe('an HTML page titled "502 Bad Gateway"');
		expect(errorMessageFromBody('<html><body>down</body></html>')).toBe('an HTML page');
	});

	it("names a redirect's origin and path, never its query", () => {
		expect(redirectTarget('https://evil.example:8443/steal?key=abc', 'https://api.x/y')).toBe(
			'https://evil.example:8443/steal',
		);
		expect(redirectTarget('/other?x=1', 'http://127.0.0.1:9/api')).toBe('http://127.0.0.1:9/other');
		expect(redirectTarget(undefined, 'http://127.0.0.1:9/api')).toBe('an address it did not name');
	});

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

	it('masks secrets and joins URLs typed with or without slashes', () => {
		expect(redact('bad key sk-12345 given', ['sk-12345'])).toBe('bad key *** given');
		expect(joinUrl('https://api.example.com///', '/api/v1/x')).toBe(
			'https://api.example.com/api/v1/x',
		);
	});
});
