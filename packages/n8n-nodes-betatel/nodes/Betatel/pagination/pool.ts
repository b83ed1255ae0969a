import { RetryBudget } from '../../shared/http/retry';
import type { RequestCall } from '../../shared/http/types';
import type { NumberedPage } from './walk';

/** What each page request of a read is handed: whom to tell of a 429, and the read's patience. */
export type PageCall = Required<Pick<RequestCall, 'onThrottle' | 'retryBudget'>>;

/** Where the pages come from: the provider's transport. A page asked for alone gets no call. */
export interface PageSource {
	fetchPage: (page: number, pageSize: number, call?: RequestCall) => Promise<NumberedPage>;
}

/** How many pages a read may have in flight: a fixed number, or one it finds itself. */
export interface ConcurrencySetting {
	/** Fixed: exactly this many at most. Adaptive: never more than this. */
	max: number;
	adaptive: boolean;
}

/** The most pages a read has in flight: adaptive never goes beyond, fixed uses it. */
export const MAX_CONCURRENCY = 16;

/** Return All's default pace, and the trigger's: adaptive, up to the most there can be. */
export const DEFAULT_CONCURRENCY: ConcurrencySetting = { max: MAX_CONCURRENCY, adaptive: true };

/** Where an adaptive read starts: what a fixed read used to be given by default. */
const ADAPTIVE_START = 4;
/**
 * TCP Vegas's test, in requests rather than packets: a round's requests that waited
 * somewhere (in the provider's queue, or for this process's own CPU) are estimated as
 * bound × (1 − fastest / typical round trip). Fewer than FEW_WAITING: there is room, grow.
 * More than MANY_WAITING: shrink to where about FEW_WAITING would wait. In between, hold.
 * Counting waiting requests, not a ratio of times, lets a read that is partly bound by its
 * own CPU still grow while more in flight keeps paying.
 */
const FEW_WAITING = 3;
const MANY_WAITING = 6;
/**
 * Slow start ends as soon as about one request waits, as in Vegas: growing by half from
 * just under FEW_WAITING would overshoot a provider's queue by half the bound at once.
 */
const SLOW_START_WAITING = 1;
/**
 * Growth per round until the first sign of queueing: by half, not doubling, since a
 * provider's queue may be no deeper than its capacity, and a doubled burst overflows it.
 */
const SLOW_START_GROWTH = 1.5;
/** Successful tasks after which a fixed pool, halved by a 429, dares one more again. */
const SUCCESSES_BEFORE_SPEEDUP = 8;

/**
 * Fetches the pages of one read with a bounded number at once, all under one retry budget,
 * so that throttling slows the read but does not stop it. It knows nothing of what the pages
 * hold, only how long they take and whether the provider asked to slow down.
 *
 * Fixed: a 429 or 503 halves the bound, which grows back by one after a run of
 * successes, never above the setting.
 *
 * Adaptive, in the way of latency-based limiters (TCP Vegas, Netflix's gradient limiter):
 * after each round (as many completions as the bound), the round's upper-quartile round
 * trip, set against the fastest seen, tells how many of the round's requests waited. None:
 * the bound grows by half, until the first wait. Few: by one a round. Many: it shrinks. A
 * 429 or 503 halves it at once.
 */
export class ConcurrencyPool {
	private concurrencyLimit: number;

	private successes = 0;

	private running = 0;

	private fastestMs = Infinity;

	private round: number[] = [];

	/**
	 * Bumped whenever the bound changes: a round trip only tells about the bound it was sent
	 * under, and one started before the change would judge the new bound by the old load.
	 */
	private epoch = 0;

	/**
	 * Tasks still running from before the bound last changed. Until they are gone, new tasks
	 * share the provider with them in a burst that is not the new bound's steady load, so
	 * their round trips are not judged either.
	 */
	private olderRunning = 0;

	/** Until the first sign of queueing or throttling, the bound grows by half each round. */
	private slowStart = true;

	/** The most tasks that ran at once. */
	peak = 0;

	/** Tasks started, retries by the tasks themselves not counted. */
	started = 0;

	private readonly retryBudget = new RetryBudget();

	constructor(
		private readonly setting: ConcurrencySetting,
		private readonly now: () => number = Date.now,
	) {
		const max = Math.max(1, setting.max);
		this.concurrencyLimit = setting.adaptive ? Math.min(ADAPTIVE_START, max) : max;
	}

	/** The bound now. */
	get limit(): number {
		return this.concurrencyLimit;
	}

	/**
	 * The provider asked to slow down (429, 503): half as many at once. Once per change of the
	 * bound, as TCP cuts its window once per round trip: a 429 to a request sent before the
	 * last cut was an answer to the load that cut already dealt with.
	 */
	private throttled(epoch: number): void {
		if (epoch !== this.epoch) return;
		this.concurrencyLimit = Math.max(1, Math.floor(this.concurrencyLimit / 2));
		this.successes = 0;
		this.slowStart = false;
		this.newEpoch();
	}

	private newEpoch(): void {
		this.epoch++;
		this.round = [];
		this.olderRunning = this.running;
	}

	/** Fetches one page under the bound's accounting, without waiting for a free place. */
	async fetchPage(source: PageSource, page: number, pageSize: number): Promise<NumberedPage> {
		this.started++;
		this.running++;
		this.peak = Math.max(this.peak, this.running);
		const startedAt = this.now();
		const epoch = this.epoch;
		const judged = this.olderRunning === 0;
		try {
			const result = await source.fetchPage(page, pageSize, {
				onThrottle: () => this.throttled(epoch),
				retryBudget: this.retryBudget,
			});
			if (!this.setting.adaptive) this.recover();
			else if (judged && epoch === this.epoch) this.adapt(this.now() - startedAt);
			return result;
		} finally {
			this.running--;
			if (epoch !== this.epoch && this.olderRunning > 0) this.olderRunning--;
		}
	}

	private recover(): void {
		if (++this.successes >= SUCCESSES_BEFORE_SPEEDUP && this.concurrencyLimit < this.setting.max) {
			this.concurrencyLimit++;
			this.successes = 0;
		}
	}

	private adapt(roundTripMs: number): void {
		this.fastestMs = Math.min(this.fastestMs, roundTripMs);
		this.round.push(roundTripMs);
		if (this.round.length < this.concurrencyLimit) return;
		// The upper quartile: a provider that starts to queue shows it in its slowest answers
		// first, while most still come back at once.
		const sorted = this.round.sort((a, b) => a - b);
		const typical = sorted[Math.floor(sorted.length * 0.75)];
		const before = this.concurrencyLimit;
		this.round = [];
		const max = Math.max(1, this.setting.max);
		const waiting = this.concurrencyLimit * (1 - this.fastestMs / typical);
		if (waiting >= SLOW_START_WAITING) this.slowStart = false;
		if (this.slowStart) {
			this.concurrencyLimit = Math.min(max, Math.ceil(this.concurrencyLimit * SLOW_START_GROWTH));
		} else if (waiting < FEW_WAITING) {
			this.concurrencyLimit = Math.min(max, this.concurrencyLimit + 1);
		} else if (waiting > MANY_WAITING) {
			const unqueued = Math.floor((this.concurrencyLimit * this.fastestMs) / typical) + FEW_WAITING;
			this.concurrencyLimit = Math.max(1, Math.min(this.concurrencyLimit - 1, unqueued));
		}
		if (this.concurrencyLimit !== before) this.newEpoch();
	}

	/**
	 * Fetches every page of the plan, in order, as many at once as the bound allows, handing
	 * each answer to `onPage` as it comes. The plan is a range or a list, never built out: a
	 * provider's page count drives no loop and no allocation. A page that `skip` turns down
	 * when its turn comes ends the plan (skip must hold for every page after one it holds
	 * for); one that `hold` holds back waits, with those after it, for an answer that changes
	 * its mind, or until nothing else runs. The first failure, of a request or of `onPage`,
	 * stops new starts and is raised.
	 */
	async fetchPages(
		source: PageSource,
		plan: PagePlan,
		pageSize: number,
		onPage: (page: number, answer: NumberedPage) => void,
		{ skip, hold }: { skip?: (page: number) => boolean; hold?: (page: number) => boolean } = {},
	): Promise<void> {
		const last = Array.isArray(plan) ? plan.length - 1 : plan.to - plan.from;
		const pageAt = (index: number) => (Array.isArray(plan) ? plan[index] : plan.from + index);
		let next = 0;
		await new Promise<void>((resolve, reject) => {
			let failed = false;
			const pump = () => {
				if (failed) return;
				while (this.running < this.concurrencyLimit && next <= last) {
					if (skip?.(pageAt(next))) {
						next = last + 1;
						break;
					}
					if (this.running > 0 && hold?.(pageAt(next))) break;
					const page = pageAt(next++);
					const fail = (error: unknown) => {
						failed = true;
						reject(error);
					};
					// An answer that `onPage` refuses (a fold that has read enough) fails the run
					// as a failed request does: thrown inside `then`, it would settle nothing.
					this.fetchPage(source, page, pageSize).then((answer) => {
						try {
							onPage(page, answer);
						} catch (error) {
							fail(error);
							return;
						}
						pump();
					}, fail);
				}
				if (next > last && this.running === 0) resolve();
			};
			pump();
		});
	}
}

/** Pages from `from` to `to`, both included. */
export interface PageRange {
	from: number;
	to: number;
}

/** The pages a read asks for: a range, or the pages of a list in ascending order. */
export type PagePlan = PageRange | number[];
