import {
	QuantileSketch,
	RELATIVE_ERROR,
} from '../../../packages/n8n-nodes-betatel/nodes/Betatel/helpers/quantileSketch';
import { seededRandom } from '../../../sandbox/traffic';

describe('QuantileSketch', () => {
	it('reads every quantile within its relative error of the value at that rank', () => {
		const dice = seededRandom(5);
		const values = Array.from({ length: 20_000 }, () => Math.round(50 + dice() ** 3 * 90_000));
		const sketch = new QuantileSketch();
		for (const value of values) sketch.add(value);
		const sorted = [...values].sort((a, b) => a - b);
		for (const q of [0, 0.5, 0.9, 0.95, 0.99, 1]) {
			const exact = sorted[Math.floor(q * (sorted.length - 1))];
			const read = sketch.quantile(q)!;
			expect(Math.abs(read - exact) / exact).toBeLessThanOrEqual(RELATIVE_ERROR);
		}
	});

	it('counts values below 1 as 0, passes over what is not a duration, and has no quantile when empty', () => {
		const sketch = new QuantileSketch();
		expect(sketch.quantile(0.5)).toBeNull();
		for (const value of [0, 0.4, Number.NaN, -3, Number.POSITIVE_INFINITY, 1000]) sketch.add(value);
		expect(sketch.count).toBe(3);
		expect(sketch.valueAtRank(1)).toBe(0);
		expect(sketch.valueAtRank(2)).toBeCloseTo(1000, -1);
		expect(sketch.valueAtRank(3)).toBeNull();
	});
});
