/** What each package must hold, and the names of the providers it must not. */
export const PACKAGES = [
	{ name: 'n8n-nodes-betatel', provider: 'Betatel', icon: 'betatel', credential: 'BetatelApi' },
	{
		name: 'n8n-nodes-99digital',
		provider: 'NinetyNineDigital',
		icon: 'ninetyNineDigital',
		credential: 'NinetyNineDigitalApi',
	},
	{
		name: 'n8n-nodes-whatomate',
		provider: 'Whatomate',
		icon: 'whatomate',
		credential: 'WhatomateApi',
	},
];

export type PackageLayout = (typeof PACKAGES)[number];

/**
 * The files of a package's tarball that are not its own nodes, credential and icons, the
 * shared code, README or LICENSE: what must be empty.
 */
export function strayFiles(
	files: string[],
	{ provider, icon, credential }: PackageLayout,
): string[] {
	const allowed = [
		/^package\.json$/,
		/^README\.md$/,
		/^LICENSE$/,
		new RegExp(`^dist/credentials/${credential}\\.credentials\\.js$`),
		new RegExp(`^dist/icons/${icon}(\\.dark)?\\.svg$`),
		new RegExp(`^dist/nodes/${provider}/[\\w/.]+\\.(js|json)$`),
		/^dist\/nodes\/shared\/[\w/]+\.js$/,
	];
	return files.filter((file) => !allowed.some((pattern) => pattern.test(file)));
}
