import {
	DEFAULT_RETRY_POLICY,
	backoffDelay,
	errorMessageFromBody,
	joinUrl,
	parseRetryAfter,
	redact,
} from '../../nodes/shared/http';

describe('shared HTTP helpers', () => {
	it('reads Retry-After as seconds or as an HTTP date', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		const now = Date.parse('2026-11-21T10:00:00Z');
		expect(parseRetryAfter('Sat, 21 Nov 2026 10:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});

	it('backs off exponentially with jitter, capped', () => {
		for (let attempt = 0; attempt < 8; attempt++) {
			const step = Math.min(
				DEFAULT_RETRY_POLICY.maxDelayMs,
				DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** attempt,
			);
			const delay = backoffDelay(DEFAULT_RETRY_POLICY, attempt);
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

	it('masks secrets and joins URLs typed with or without slashes', () => {
		expect(redact('bad key sk-12345 given', ['sk-12345'])).toBe('bad key *** given');
		expect(joinUrl('https://api.example.com///', '/api/v1/x')).toBe(
			'https://api.example.com/api/v1/x',
		);
	});
});
