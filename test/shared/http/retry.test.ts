import { backoffDelay, parseRetryAfter } from '../../../shared/http/retry';

describe('when a request is tried again', () => {
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
});
