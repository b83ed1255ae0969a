import { FakeApiServer } from '../sandbox/servers/base';
import { recordSecrets } from './harness/sweep';

// After each test, while the fakes still run: every secret they know, for the sweep.
afterEach(() => {
	for (const server of FakeApiServer.running) recordSecrets(server.knownSecrets());
});
