import { ExecutionLifecycleHooks, PollContext, WorkflowExecute } from 'n8n-core';
import type {
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	INodeType,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { MemoryCredentialsHelper } from './credentials';
import { recordError, recordTexts } from './sweep';
import { nodeTypes } from './nodeTypes';

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IDataObject;
}

export interface WorkflowResult {
	run: IRun;
	/** Items a node emitted on its first output, by node name. */
	output(nodeName: string): INodeExecutionData[];
	json(nodeName: string): IDataObject[];
	/** The error that stopped the workflow, if one did. */
	error: (Error & { description?: string; httpCode?: string; context?: IDataObject }) | undefined;
	/** Execution hints nodes added, by node name. */
	hints(nodeName: string): string[];
}

let executionCounter = 0;

export function additionalDataFor(
	credentialsHelper: MemoryCredentialsHelper,
	hooks: ExecutionLifecycleHooks,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not part of these tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('task runners are not part of these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export function buildWorkflow(json: WorkflowJson, timezone = 'UTC'): Workflow {
	return new Workflow({
		id: `test-${++executionCounter}`,
		name: json.name ?? 'test workflow',
		nodes: json.nodes,
		connections: json.connections,
		active: false,
		nodeTypes,
		settings: { timezone, ...(json.settings ?? {}) },
		staticData: {},
	});
}

/** Runs a workflow through n8n-core's WorkflowExecute, as `n8n execute` would. */
export async function runWorkflow(
	json: WorkflowJson,
	credentialsHelper: MemoryCredentialsHelper,
	options: { timezone?: string } = {},
): Promise<WorkflowResult> {
	const workflow = buildWorkflow(json, options.timezone);
	const executionId = String(executionCounter);
	const workflowData = {
		id: workflow.id,
		name: workflow.name,
		nodes: json.nodes,
		connections: json.connections,
		active: false,
		settings: workflow.settings,
	} as unknown as IWorkflowBase;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
	const additionalData = additionalDataFor(credentialsHelper, hooks);
	additionalData.executionId = executionId;
	// The first node listed starts the run, as a trigger would.
	const startNode = workflow.getNode(json.nodes[0].name) ?? undefined;
	const run = await new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode });
	const runData = run.data.resultData.runData;
	recordTexts(run.data.resultData);
	recordError(run.data.resultData.error);
	for (const nodeRuns of Object.values(runData)) {
		for (const nodeRun of nodeRuns) {
			recordError(nodeRun.error);
			recordTexts(...(nodeRun.hints ?? []).map((hint) => hint.message));
		}
	}
	const output = (nodeName: string) => runData[nodeName]?.[0]?.data?.main?.[0] ?? [];
	return {
		run,
		output,
		json: (nodeName) => output(nodeName).map((item) => item.json),
		error: run.data.resultData.error as WorkflowResult['error'],
		hints: (nodeName) => (runData[nodeName]?.[0]?.hints ?? []).map((hint) => hint.message),
	};
}

/** A workflow of nodes wired one after another on their main output. */
export function chain(...nodes: INode[]): WorkflowJson {
	const connections: IConnections = {};
	for (let index = 0; index + 1 < nodes.length; index++) {
		connections[nodes[index].name] = {
			main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return { nodes, connections };
}

let nodeCounter = 0;

export function node(type: string, parameters: IDataObject, extra: Partial<INode> = {}): INode {
	nodeCounter++;
	return {
		id: `node-${nodeCounter}`,
		name: extra.name ?? `Node ${nodeCounter}`,
		type,
		typeVersion: 1,
		position: [nodeCounter * 200, 0],
		parameters: parameters as INode['parameters'],
		...extra,
	};
}

export function fixtureItems(items: IDataObject[], name = 'Input'): INode {
	return node('test.fixtureItems', { items: JSON.stringify(items) }, { name });
}

/**
 * A polling trigger as n8n activates it: the same workflow object, so its static data
 * lives from one poll to the next, and a PollContext from n8n-core for each poll. What n8n
 * would have saved to its database is kept apart, as n8n saves it: after the first poll
 * (at activation) and after every poll that emitted, never after one that emitted nothing.
 * `restart()` is a new n8n process that loads that saved state.
 *
 * With `durable`, as n8n's durable scheduler runs a poll: each poll on its own workflow
 * object holding a copy of the saved state, committed after the poll whether it emitted or
 * not; the activation poll is a dry run whose state is discarded. `startPoll()` holds the
 * commit back, for polls that overlap or commits that never land.
 */
let restarts = 0;

export interface DurablePoll {
	items: IDataObject[] | null;
	/** n8n commits the poll's state (with the execution, when it emitted). */
	commit(): void;
}

export class PollingTrigger {
	readonly workflow: Workflow;

	/** The workflow's static data as n8n last saved it. */
	saved: IDataObject;

	private polls = 0;

	constructor(
		readonly trigger: INode,
		private readonly credentialsHelper: MemoryCredentialsHelper,
		private readonly timezone = 'UTC',
		saved: IDataObject = {},
		workflowId?: string,
		private readonly durable = false,
		/** A restarted n8n: the durable scheduler's jobs exist, so no activation dry run. */
		private readonly restarted = false,
	) {
		this.workflow = buildWorkflow({ nodes: [trigger], connections: {} }, timezone);
		if (workflowId) this.workflow.id = workflowId;
		this.workflow.staticData = structuredClone(saved) as Workflow['staticData'];
		this.saved = structuredClone(saved);
	}

	get staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.trigger);
	}

	/**
	 * n8n stopped (or crashed) and started again: only the saved state survives. The
	 * trigger's in-process memory is keyed by workflow and node ids; in this one test process
	 * a new workflow id stands for the new process, whose memory starts empty.
	 */
	restart(): PollingTrigger {
		return new PollingTrigger(
			this.trigger,
			this.credentialsHelper,
			this.timezone,
			this.saved,
			`${this.workflow.id}-restarted-${++restarts}`,
			this.durable,
			true,
		);
	}

	async poll(mode: WorkflowExecuteMode = 'trigger'): Promise<IDataObject[] | null> {
		if (this.durable && mode !== 'manual') {
			const dryRun = !this.restarted && this.polls === 0;
			const run = await this.startPoll();
			if (!dryRun) run.commit();
			return run.items;
		}
		const result = await this.pollData(mode);
		return result === null ? null : result.map((item) => item.json);
	}

	/** A poll under the default scheduler, its items whole: binary data too. */
	async pollData(mode: WorkflowExecuteMode = 'trigger'): Promise<INodeExecutionData[] | null> {
		const first = mode !== 'manual' && this.polls++ === 0;
		const result = await this.runPoll(this.workflow, mode);
		// Saved as JSON, as n8n writes it to its database.
		if (first || result !== null) this.saved = JSON.parse(JSON.stringify(this.workflow.staticData));
		return result === null ? null : result[0];
	}

	/** A durable scheduler's poll, on a copy of the saved state taken now; committed on call. */
	async startPoll(): Promise<DurablePoll> {
		this.polls++;
		const copy = buildWorkflow({ nodes: [this.trigger], connections: {} }, this.timezone);
		copy.id = this.workflow.id;
		copy.staticData = structuredClone(this.saved) as Workflow['staticData'];
		const result = await this.runPoll(copy, 'trigger');
		return {
			items: result === null ? null : result[0].map((item) => item.json),
			commit: () => {
				this.saved = JSON.parse(JSON.stringify(copy.staticData));
				this.workflow.staticData = structuredClone(this.saved) as Workflow['staticData'];
			},
		};
	}

	private async runPoll(
		workflow: Workflow,
		mode: WorkflowExecuteMode,
	): Promise<INodeExecutionData[][] | null> {
		const hooks = new ExecutionLifecycleHooks(mode, 'poll', {} as IWorkflowBase);
		const context = new PollContext(
			workflow,
			this.trigger,
			additionalDataFor(this.credentialsHelper, hooks),
			mode,
			'activate',
		);
		const nodeType = nodeTypes.getByNameAndVersion(this.trigger.type) as INodeType;
		const result = await nodeType.poll!.call(context).catch(async (error: unknown) => {
			recordError(error);
			return await Promise.reject(error);
		});
		recordTexts(result);
		return result;
	}
}
