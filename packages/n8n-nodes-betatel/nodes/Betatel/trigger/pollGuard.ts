import type { IDataObject, IPollFunctions } from 'n8n-workflow';

/**
 * What this n8n process knows of a trigger node's polls, by workflow and node ids (n8n's
 * durable scheduler hands each poll its own copy of the state, so the state object cannot
 * be the key). Memory only: a crash or restart can never leave any of it held.
 */
interface NodePolls {
	/** When the poll of this node now under way started. */
	runningSince?: number;
	/**
	 * The revision the last poll that changed the state wrote, and when; with that state
	 * itself when the poll emitted nothing.
	 */
	wrote?: { revision: number; at: number; state?: IDataObject };
	/** Whether this process has polled the node at least once. */
	polled?: boolean;
}

const nodes = new Map<string, NodePolls>();

/** A poll hanging longer than this no longer keeps the next ones out. */
const STALE_AFTER_MS = 15 * 60 * 1000;

/**
 * How long a poll that emitted may wait for n8n to commit its state with the execution.
 * n8n's durable scheduler commits right after the poll, as it creates the execution; a
 * commit still missing after this never happened (its lease was lost, the database
 * refused it): no execution holds those records, so they count as not emitted.
 */
const COMMIT_PENDING_MS = 60 * 1000;

/** A node of a workflow: what stays the same from poll to poll, whichever scheduler runs it. */
function pollKey(context: IPollFunctions): string {
	const node = context.getNode();
	return `${context.getWorkflow().id ?? ''}\u0000${node.id ?? node.name}`;
}

function pollsOf(context: IPollFunctions): NodePolls {
	const key = pollKey(context);
	let polls = nodes.get(key);
	if (!polls) nodes.set(key, (polls = {}));
	return polls;
}

const revisionOf = (state: IDataObject) =>
	typeof state.revision === 'number' ? state.revision : 0;

/** n8n keeps static data as JSON (and hands it out as an observed object, which cannot be cloned otherwise). */
const copyOf = (state: IDataObject) => JSON.parse(JSON.stringify(state)) as IDataObject;

function replaceState(state: IDataObject, by: IDataObject): void {
	for (const key of Object.keys(state)) delete state[key];
	Object.assign(state, copyOf(by));
}

/**
 * Whether the state this poll was handed is older than what this process last wrote, and
 * what to do about it. n8n's default scheduler keeps one state object, so it never is.
 * Under the durable scheduler it is when a poll starts before the previous one's commit
 * lands (emitting again what that one emitted), and when n8n discarded a write: the state of
 * its activation poll, a dry run, and that of a poll whose commit lost its lease.
 */
function catchUp(
	context: IPollFunctions,
	polls: NodePolls,
	state: IDataObject,
	now: number,
): 'current' | 'wait' {
	const wrote = polls.wrote;
	if (!wrote || revisionOf(state) >= wrote.revision) return 'current';
	// What a poll that emitted nothing wrote holds no record that still has to go out (a
	// baseline, a pruned window, an alert that ended), so a state that missed it takes it.
	if (wrote.state) {
		replaceState(state, wrote.state);
		return 'current';
	}
	if (now - wrote.at < COMMIT_PENDING_MS) {
		context.logger.debug(
			`${context.getNode().name}: the previous poll's records are not committed yet; this poll emits nothing, and the next one goes on from the committed state`,
		);
		return 'wait';
	}
	return 'current';
}

/**
 * Runs `poll` on the node's state, unless this poll must give way; then it emits nothing
 * and leaves the state as it is, and the next poll catches up. It gives way while another
 * poll of the node runs in this process (n8n's default scheduler starts a poll on schedule
 * even while the previous one is still running: a slow provider, a long Retry-After, a
 * large backlog), and, under the durable scheduler, while the previous poll's commit is
 * pending. A poll that changes the state numbers it (`revision`), so a later poll can tell
 * a state that is behind.
 */
export async function pollExclusively<T>(
	context: IPollFunctions,
	poll: () => Promise<T | null>,
): Promise<T | null> {
	if (context.getMode() === 'manual') return await poll();
	const polls = pollsOf(context);
	const now = Date.now();
	const since = polls.runningSince;
	if (since !== undefined && now - since < STALE_AFTER_MS) {
		context.logger.warn(
			`${context.getNode().name}: the previous poll, started ${Math.round((now - since) / 1000)} s ago, is still running; this poll emits nothing, and the next one catches up`,
		);
		return null;
	}
	const state = context.getWorkflowStaticData('node');
	if (catchUp(context, polls, state, now) === 'wait') return null;
	polls.runningSince = now;
	try {
		const before = JSON.stringify(state);
		const result = await poll();
		state.lastPollEmitted = result !== null;
		if (JSON.stringify(state) !== before) {
			state.revision = revisionOf(state) + 1;
			polls.wrote = {
				revision: state.revision,
				at: Date.now(),
				state: result === null ? copyOf(state) : undefined,
			};
		}
		return result;
	} finally {
		if (polls.runningSince === now) delete polls.runningSince;
	}
}

/**
 * Whether the node's state is known to be current: this process has polled the node before
 * (so it holds every change), or the state was saved by a poll that emitted nothing. n8n's
 * default scheduler saves a poll node's state only when the poll emits (and at activation),
 * so a change made by a quiet poll is lost at a restart; the durable scheduler commits every
 * poll, and only it leaves a quiet poll's state to be read after a restart.
 */
export function stateIsCurrent(context: IPollFunctions): boolean {
	const polls = pollsOf(context);
	const carried = polls.polled === true;
	polls.polled = true;
	return carried || context.getWorkflowStaticData('node').lastPollEmitted === false;
}
