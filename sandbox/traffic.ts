import { DateTime, Interval } from 'luxon';

/** One hour of OTP traffic on one channel. */
export interface TrafficHour {
	start: DateTime;
	requests: number;
	transactions: number;
	amount: number;
}

/** A small deterministic generator, so the sandbox shows the same figures on every start. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

/**
 * Hourly traffic for the past `days`, up to the current hour: busy in the daytime, quiet
 * at night, lighter at weekends, with a few percent of requests failing.
 */
export interface TrafficModel {
	days: number;
	peakPerHour: number;
	failureRate: number;
	pricePerMessage: number;
	seed: number;
}

/** One hour of the model: its daily and weekly shape, with two draws of noise. */
export function trafficHour(
	start: DateTime,
	model: TrafficModel,
	random: () => number,
): TrafficHour {
	const daylight = Math.max(0.08, Math.sin(((start.hour - 5) / 24) * 2 * Math.PI) * 0.5 + 0.5);
	const weekend = start.weekday >= 6 ? 0.6 : 1;
	const requests = Math.round(model.peakPerHour * daylight * weekend * (0.8 + random() * 0.4));
	const failureRate = model.failureRate * (0.5 + random());
	const transactions = requests - Math.round(requests * failureRate);
	return {
		start,
		requests,
		transactions,
		amount: Math.round(transactions * model.pricePerMessage * 100) / 100,
	};
}

export function hourlyTraffic(model: TrafficModel): TrafficHour[] {
	const random = seededRandom(model.seed);
	const end = DateTime.utc().startOf('hour');
	const hours: TrafficHour[] = [];
	for (let start = end.minus({ days: model.days }); start <= end; start = start.plus({ hours: 1 }))
		hours.push(trafficHour(start, model, random));
	return hours;
}

/** Sums the hours inside [from, to), counting a partly covered hour pro rata. */
export function sumTraffic(
	hours: TrafficHour[],
	from: DateTime,
	to: DateTime,
): Omit<TrafficHour, 'start'> {
	const window = Interval.fromDateTimes(from, to);
	let requests = 0;
	let transactions = 0;
	let amount = 0;
	for (const hour of hours) {
		const overlap = window.intersection(Interval.after(hour.start, { hours: 1 }));
		if (!overlap) continue;
		const share = overlap.length('minutes') / 60;
		requests += hour.requests * share;
		transactions += hour.transactions * share;
		amount += hour.amount * share;
	}
	return {
		requests: Math.round(requests),
		transactions: Math.round(transactions),
		amount: Math.round(amount * 100) / 100,
	};
}
