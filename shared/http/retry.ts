/* When a request is sent again, and when a read gives up. */

/** Failed attempts of one request, with no page of its read getting through, after which it stops. */
export const MAX_ATTEMPTS = 5;
/** Failed attempts of one request after which it stops, however the rest of its read goes. */
export const MAX_ATTEMPTS_PER_REQUEST = 12;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A Retry-After longer than this is not waited for: the error is raised at once instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

export const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
export const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EAI_AGAIN',
]);

/**
 * Shared by the requests of one read. A page that is throttled while other pages get
 * through is not stuck: the read slows down but goes on. A request stops after
 * MAX_ATTEMPTS failures with no page of its read getting through meanwhile. Counted per
 * request, not per read: pages in flight together meet a 429 burst together, and sixteen
 * of them failing once is one setback, not sixteen.
 */
export class RetryBudget {
	private pagesThrough = 0;

	succeeded(): void {
		this.pagesThrough++;
	}

	/** For one request: records a failure and tells whether it should stop. */
	failureStreak(): () => boolean {
		let seen = this.pagesThrough;
		let failures = 0;
		return () => {
			if (this.pagesThrough !== seen) {
				seen = this.pagesThrough;
				failures = 0;
			}
			return ++failures >= MAX_ATTEMPTS;
		};
	}
}

/** Exponential backoff with "equal jitter": half the step is fixed, half is random. */
export function backoffDelay(attempt: number): number {
	const step = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
	return Math.round(step / 2 + Math.random() * (step / 2));
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const raw = String(text).trim();
	if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
	const date = Date.parse(raw);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}
