import { FakeBetatel } from '../../sandbox/servers/betatel';
import { PortInUseError } from '../../sandbox/servers/base';
import { WebhookSink } from '../../sandbox/servers/sink';

describe('a sandbox server whose port is taken', () => {
	it('fails with the port named, which npm start turns into a message naming SANDBOX_PORT_BASE', async () => {
		const first = await new WebhookSink().start();
		const second = new FakeBetatel();
		const port = Number(new URL(first.url).port);
		try {
			const failure = await second.start(port).catch((error: unknown) => error);
			expect(failure).toBeInstanceOf(PortInUseError);
			expect((failure as PortInUseError).port).toBe(port);
			expect((failure as Error).message).toBe(`port ${port} is already in use on this machine`);
		} finally {
			await first.stop();
			await second.stop();
		}
	});
});
