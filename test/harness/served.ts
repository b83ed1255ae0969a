import type { FakeApiServer } from '../../sandbox/servers/base';

/**
 * A fake provider on 127.0.0.1 for the tests of one file: started before the first, stopped
 * after the last.
 */
export function served<Server extends FakeApiServer>(server: Server): Server {
	beforeAll(async () => void (await server.start()));
	afterAll(async () => await server.stop());
	return server;
}
