import {
	ANY_FREE_PORTS,
	sandboxCredentials,
	startSandbox,
	type Sandbox,
} from '../../sandbox/sandbox';
import { activate, freshUserFolder, importJson, startN8n } from './n8n';
import {
	everyFailedRecordOnce,
	FAILED_TRIGGER_WORKFLOW_ID,
	failedTriggerWorkflow,
} from './triggerScenario';

/** The Betatel Trigger active in a real `n8n start`, in n8n's default (regular) mode. */
let sandbox: Sandbox;
let userFolder: string;
const PORT = 5692;

beforeAll(async () => {
	// Ports of its own, so that `npm start` can run beside the tests.
	sandbox = await startSandbox(ANY_FREE_PORTS);
	userFolder = await freshUserFolder('e2e-trigger');
	await importJson(userFolder, 'credentials', sandboxCredentials(sandbox));
	await importJson(userFolder, 'workflow', failedTriggerWorkflow(sandbox.sink.url));
	await activate(userFolder, FAILED_TRIGGER_WORKFLOW_ID);
});
afterAll(async () => await sandbox?.stop());

describe('Betatel Trigger active in a real n8n', () => {
	it('every record that becomes FAILED comes out exactly once, across status changes and a restart', async () => {
		await everyFailedRecordOnce(sandbox, async () => await startN8n(userFolder, PORT));
	});
});
