import { DateTime } from 'luxon';

import { calendarBuckets, isoWithOffset } from '../../shared/timeBuckets';

const berlin = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Berlin' });
const starts = (from: DateTime, to: DateTime, unit: Parameters<typeof calendarBuckets>[2]) =>
	calendarBuckets(from, to, unit, 'Europe/Berlin').map((b) => [
		isoWithOffset(b.start),
		isoWithOffset(b.end),
	]);

describe('calendarBuckets', () => {
	it('skips the missing local hour when DST starts (Europe/Berlin, 29 March 2026)', () => {
		expect(starts(berlin('2026-03-29T00:30'), berlin('2026-03-29T04:30'), 'hour')).toEqual([
			['2026-03-29T00:00:00+01:00', '2026-03-29T01:00:00+01:00'],
			['2026-03-29T01:00:00+01:00', '2026-03-29T03:00:00+02:00'],
			['2026-03-29T03:00:00+02:00', '2026-03-29T04:00:00+02:00'],
			['2026-03-29T04:00:00+02:00', '2026-03-29T05:00:00+02:00'],
		]);
	});

	it('keeps both 02:00 hours when DST ends (25 October 2026)', () => {
		expect(starts(berlin('2026-10-25T01:30'), berlin('2026-10-25T03:30'), 'hour')).toEqual([
			['2026-10-25T01:00:00+02:00', '2026-10-25T02:00:00+02:00'],
			['2026-10-25T02:00:00+02:00', '2026-10-25T02:00:00+01:00'],
			['2026-10-25T02:00:00+01:00', '2026-10-25T03:00:00+01:00'],
			['2026-10-25T03:00:00+01:00', '2026-10-25T04:00:00+01:00'],
		]);
	});

	it('gives the DST day 23 hours and keeps midnight boundaries', () => {
		const days = calendarBuckets(
			berlin('2026-03-28T10:00'),
			berlin('2026-03-30T10:00'),
			'day',
			'Europe/Berlin',
		);
		expect(days.map((d) => d.end.diff(d.start, 'hours').hours)).toEqual([24, 23, 24]);
		expect(isoWithOffset(days[2].start)).toBe('2026-03-30T00:00:00+02:00');
	});

	it('cuts ISO weeks on Mondays, months and years on the first', () => {
		expect(
			starts(berlin('2026-03-25T12:00'), berlin('2026-04-06T00:00'), 'week').map(([s]) => s),
		).toEqual([
			'2026-03-23T00:00:00+01:00',
			'2026-03-30T00:00:00+02:00',
			'2026-04-06T00:00:00+02:00',
		]);
		expect(starts(berlin('2026-01-15'), berlin('2026-03-02'), 'month')).toEqual([
			['2026-01-01T00:00:00+01:00', '2026-02-01T00:00:00+01:00'],
			['2026-02-01T00:00:00+01:00', '2026-03-01T00:00:00+01:00'],
			['2026-03-01T00:00:00+01:00', '2026-04-01T00:00:00+02:00'],
		]);
		expect(starts(berlin('2025-06-01'), berlin('2026-02-01'), 'year').map(([s]) => s)).toEqual([
			'2025-01-01T00:00:00+01:00',
			'2026-01-01T00:00:00+01:00',
		]);
	});

	it('reads instants given in another zone in the bucket zone', () => {
		const from = DateTime.fromISO('2026-03-01T23:30:00Z');
		const to = DateTime.fromISO('2026-03-02T00:10:00Z');
		expect(
			calendarBuckets(from, to, 'day', 'Europe/Berlin').map((b) => isoWithOffset(b.start)),
		).toEqual(['2026-03-02T00:00:00+01:00']);
	});

	it('refuses an unbounded range instead of filling memory', () => {
		expect(() =>
			calendarBuckets(
				DateTime.fromISO('2000-01-01T00:00Z'),
				DateTime.fromISO('2026-01-01T00:00Z'),
				'hour',
				'UTC',
				1000,
			),
		).toThrow(RangeError);
	});
});
