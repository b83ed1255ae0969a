/** Successful tasks after which the pool dares one more task at once again. */
const SUCCESSES_BEFORE_SPEEDUP = 8;

/**
 * Runs tasks with a bounded number at once, additive-increase / multiplicative-decrease:
 * `throttled()` halves the bound, and it grows back by one after a run of successes,
 * never above `maxConcurrency`. It knows nothing of what the tasks do.
 */
export class ConcurrencyPool {
	private concurrencyLimit: number;

	private successes = 0;

	private running = 0;

	/** The most tasks that ran at once. */
	peak = 0;

	/** Tasks started, retries by the tasks themselves not counted. */
	started = 0;

	constructor(private readonly maxConcurrency: number) {
		this.concurrencyLimit = Math.max(1, maxConcurrency);
	}

	/** The provider asked to slow down (429, 503): half as many at once. */
	throttled = (): void => {
		this.concurrencyLimit = Math.max(1, Math.floor(this.concurrencyLimit / 2));
		this.successes = 0;
	};

	/** Runs one task under the bound's accounting, without waiting for a free place. */
	async runOne<T>(task: () => Promise<T>): Promise<T> {
		this.started++;
		this.running++;
		this.peak = Math.max(this.peak, this.running);
		try {
			const result = await task();
			if (
				++this.successes >= SUCCESSES_BEFORE_SPEEDUP &&
				this.concurrencyLimit < this.maxConcurrency
			) {
				this.concurrencyLimit++;
				this.successes = 0;
			}
			return result;
		} finally {
			this.running--;
		}
	}

	/**
	 * Runs `task` for every input, as many at once as the bound allows, handing each result
	 * to `onResult` as it comes. The first failure stops new starts and is raised.
	 */
	async runAll<I, T>(
		inputs: I[],
		task: (input: I) => Promise<T>,
		onResult: (input: I, result: T) => void,
	): Promise<void> {
		const queue = [...inputs];
		await new Promise<void>((resolve, reject) => {
			let failed = false;
			const pump = () => {
				if (failed) return;
				if (queue.length === 0 && this.running === 0) return resolve();
				while (this.running < this.concurrencyLimit && queue.length > 0) {
					const input = queue.shift()!;
					this.runOne(async () => await task(input)).then(
						(result) => {
							onResult(input, result);
							pump();
						},
						(error: unknown) => {
							failed = true;
							reject(error);
						},
					);
				}
			};
			pump();
		});
	}
}
