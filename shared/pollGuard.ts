import type { IPollFunctions } from 'n8n-workflow';

/**
 * Polls of a trigger node under way in this n8n process, by the node's static data object.
 * n8n's default scheduler starts a poll on schedule even while the previous one of the same
 * node is still running (a slow provider, a long Retry-After, a large backlog), and both
 * would read the same state and emit the same records. The guard lives in memory only, so a
 * crash or restart can never leave it held; a poll that hangs longer than STALE_AFTER_MS no
 * longer holds it either. n8n's durable scheduler hands each poll a copy of the state, so
 * the guard does not apply there: its lease and cursor fence refuse the commit of a poll
 * that overlapped another, and a guard would only let a poll it abandoned silence the next.
 */
const running = new WeakMap<object, number>();

const STALE_AFTER_MS = 15 * 60 * 1000;

/** Runs `poll` unless another poll of this node is still running; then emits nothing. */
export async function pollExclusively<T>(
	context: IPollFunctions,
	poll: () => Promise<T | null>,
): Promise<T | null> {
	if (context.getMode() === 'manual') return await poll();
	const state = context.getWorkflowStaticData('node');
	const since = running.get(state);
	const now = Date.now();
	if (since !== undefined && now - since < STALE_AFTER_MS) {
		context.logger.warn(
			`${context.getNode().name}: the previous poll, started ${Math.round((now - since) / 1000)} s ago, is still running; this poll emits nothing, and the next one catches up`,
		);
		return null;
	}
	running.set(state, now);
	try {
		return await poll();
	} finally {
		if (running.get(state) === now) running.delete(state);
	}
}

/**
 * Whether this process has already polled this node since it started. n8n's default
 * scheduler saves a poll node's static data only when the poll emits, so state changed by a
 * poll that emitted nothing is lost at a restart: a trigger can tell that its state may be
 * stale from this being false. Keyed by ids, since the durable scheduler polls on copies.
 */
const polledInThisProcess = new Set<string>();

/** A node of a workflow: what stays the same from poll to poll, whichever scheduler runs it. */
function pollKey(context: IPollFunctions): string {
	const node = context.getNode();
	return `${context.getWorkflow().id ?? ''}\u0000${node.id ?? node.name}`;
}

export function stateCarriedOverInMemory(context: IPollFunctions): boolean {
	const key = pollKey(context);
	const carried = polledInThisProcess.has(key);
	polledInThisProcess.add(key);
	return carried;
}
