import { errorMessageFromBody, redirectTarget } from '../../../shared/http/errors';

describe('the provider’s words in an error', () => {
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
});
