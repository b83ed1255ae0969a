import { FakeApiServer, json, type LoggedRequest, type Reply } from './base';

export interface FakeNumber {
	whatsapp: string;
	display_name: string;
	business_name: string;
	isOnline: boolean;
	apiKey: string;
	/** Conversations per "MMYYYY" month. */
	months: Record<string, { marketing: number; service: number; incoming: number }>;
}

const fail = (reason: number): Reply => json({ status: 'FAIL', reason });

/** "MMYYYY" as a number that sorts by time. */
const monthKey = (monthYear: string) =>
	Number(monthYear.slice(2)) * 100 + Number(monthYear.slice(0, 2));

/**
 * The 99digital Partners API as documented: a one-hour token from client ID and secret,
 * JSON bodies on GET requests, and failures as `status: "FAIL"` with a reason code in a
 * 200 answer (or a 401, when `expiredTokenStatus` says so).
 */
export class FakeNinetyNineDigital extends FakeApiServer {
	clientId = 'client-test';

	clientSecret = 'secret-not-real';

	readonly validTokens = new Set<string>();

	tokensIssued = 0;

	badTokenAttempts = 0;

	/** How a request with an expired token is answered. */
	expiredTokenStatus: 200 | 401 = 200;

	numbers: FakeNumber[] = [];

	/** Every token ever issued, so a test can check none leaks. */
	readonly issuedTokens: string[] = [];

	/** Tokens expire after this many answered data requests, as if an hour had passed. */
	expireTokensAfter: number | undefined;

	private dataRequestsAnswered = 0;

	knownSecrets(): string[] {
		return [
			this.clientSecret,
			...this.issuedTokens,
			...this.numbers.map((number) => number.apiKey),
			...sampleNumbers().map((number) => number.apiKey),
		];
	}

	reset(): void {
		super.reset();
		this.expireTokens();
		this.badTokenAttempts = 0;
		this.expiredTokenStatus = 200;
		this.expireTokensAfter = undefined;
	}

	/** Every token issued so far stops working, as after an hour. */
	expireTokens(): void {
		this.validTokens.clear();
	}

	protected route(request: LoggedRequest): Reply {
		if (request.path === '/api/settings/accessToken') return this.token(request);
		const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
		if (
			this.expireTokensAfter !== undefined &&
			this.dataRequestsAnswered >= this.expireTokensAfter
		) {
			this.expireTokensAfter = undefined;
			this.expireTokens();
		}
		if (!token || !this.validTokens.has(token)) {
			return this.expiredTokenStatus === 401
				? { status: 401, body: { status: 'FAIL', reason: 3 } }
				: fail(3);
		}
		this.dataRequestsAnswered++;
		if (request.path === '/api/whatsapp/getConversationsStatistics') {
			return request.method === 'GET'
				? this.statistics((request.body ?? {}) as Record<string, string>)
				: fail(13);
		}
		if (request.path === '/api/whatsapp/getWhatsApp')
			return request.method === 'GET' ? this.numberList() : fail(13);
		return { status: 404, body: 'Not Found' };
	}

	private token(request: LoggedRequest): Reply {
		if (request.method !== 'POST') return fail(13);
		const body = (request.body ?? {}) as Record<string, unknown>;
		if (this.badTokenAttempts >= 3) return fail(3);
		if (body.client_id !== this.clientId || body.client_secret !== this.clientSecret) {
			this.badTokenAttempts++;
			return fail(2);
		}
		const token = `tok-${++this.tokensIssued}-${Math.random().toString(36).slice(2)}`;
		this.validTokens.add(token);
		this.issuedTokens.push(token);
		return json({
			access_token: token,
			expiration_time: String(Math.floor(Date.now() / 1000) + 3600),
			token_type: 'Bearer',
			reason: 1,
		});
	}

	private statistics(body: Record<string, string>): Reply {
		for (const field of ['start_date', 'end_date'] as const) {
			if (body[field] !== undefined && !/^(0[1-9]|1[0-2])\d{4}$/.test(body[field])) return fail(2);
		}
		const numbers = body.whatsapp
			? this.numbers.filter((n) => n.whatsapp === body.whatsapp)
			: this.numbers;
		const totals = new Map<string, { marketing: number; service: number; incoming: number }>();
		for (const number of numbers) {
			for (const [monthYear, counts] of Object.entries(number.months)) {
				if (body.start_date && monthKey(monthYear) < monthKey(body.start_date)) continue;
				if (body.end_date && monthKey(monthYear) > monthKey(body.end_date)) continue;
				const total = totals.get(monthYear) ?? { marketing: 0, service: 0, incoming: 0 };
				total.marketing += counts.marketing;
				total.service += counts.service;
				total.incoming += counts.incoming;
				totals.set(monthYear, total);
			}
		}
		// newest first, as in the documentation's sample
		const list = [...totals.entries()]
			.sort(([a], [b]) => monthKey(b) - monthKey(a))
			.map(([monthYear, t]) => ({
				monthYear,
				totalConversations: t.marketing + t.service + t.incoming,
				totalMarketing: t.marketing,
				totalService: t.service,
				totalIncoming: t.incoming,
			}));
		return json({
			status: 'OK',
			reason: 1,
			totalWhatsApp: numbers.length,
			whatsapp: body.whatsapp ?? null,
			list,
		});
	}

	private numberList(): Reply {
		const list = this.numbers.map(({ months, ...number }) => {
			const thisMonth = Object.values(months).at(-1) ?? { marketing: 0, service: 0, incoming: 0 };
			return {
				...number,
				conversationsThisMonth: thisMonth.marketing + thisMonth.service + thisMonth.incoming,
				marketingThisMonth: thisMonth.marketing,
				serviceThisMonth: thisMonth.service,
				incomingThisMonth: thisMonth.incoming,
			};
		});
		return json({ status: 'OK', reason: 1, totalWhatsApp: list.length, list });
	}
}

export function sampleNumbers(): FakeNumber[] {
	return [
		{
			whatsapp: '972501111111',
			display_name: 'Shop Support',
			business_name: 'Example Shop',
			isOnline: true,
			apiKey: 'number-key-one-not-real',
			months: {
				'122024': { marketing: 700, service: 120, incoming: 690 },
				'012025': { marketing: 100, service: 10, incoming: 13 },
				'022025': { marketing: 200, service: 20, incoming: 26 },
			},
		},
		{
			whatsapp: '972502222222',
			display_name: '',
			business_name: 'Example Clinic',
			isOnline: false,
			apiKey: 'number-key-two-not-real',
			months: {
				'122024': { marketing: 20, service: 6, incoming: 6 },
				'012025': { marketing: 2, service: 0, incoming: 0 },
			},
		},
	];
}
