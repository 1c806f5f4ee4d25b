import { Command, Option } from 'commander';
import { GotWebhookTransport } from '@webhooks/delivery-http';
import { newSigningSecret } from '@webhooks/domain';
import { CryptoRandom } from '@webhooks/runtime-node';
import { exitCodesHelp } from '../exit-codes-help.js';
import { Forwarder } from '../listen/forwarder.js';
import { listenAndForward } from '../listen/listen-session.js';

/** The options of `webhooks listen`, as commander parses them. */
interface ListenFlags {
  readonly api: string;
  readonly key?: string;
  readonly project: string;
  readonly events: string;
  readonly forwardTo: string;
  readonly secret?: string;
}

const SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/** `webhooks listen`: a project's events, forwarded to a local URL as webhooks of them are sent. */
export function listenCommand(): Command {
  return new Command('listen')
    .description(
      'Listen to events of a project on a running service (as its API admin) and forward each to a local URL with the very body and ' +
        'Standard Webhooks headers a webhook of it gets, signed with a secret of this session. The service never connects to this machine: ' +
        'this command reads a stream of server-sent events from it. Prints one line per event: time, event, id, the answer and how long it took.',
    )
    .addOption(new Option('--api <url>', 'the service').env('WEBHOOKS_API_URL').default('http://127.0.0.1:8080'))
    .addOption(new Option('--key <apiKey>', 'an API key of an API admin of the project').env('WEBHOOKS_API_KEY'))
    .requiredOption('--project <id>', 'the project')
    .requiredOption('--events <keys>', 'comma-separated notify events: user_registered,form_submitted,form_viewed_42')
    .requiredOption('--forward-to <url>', 'where each event is POSTed: http://localhost:3000/hooks')
    .addOption(new Option('--secret <whsec>', 'sign with this secret (whsec_…) rather than a new one each session').env('WEBHOOKS_LISTEN_SECRET'))
    .addHelpText('after', exitCodesHelp())
    .action(async (flags: ListenFlags, command: Command) => {
      if (!flags.key) command.error('error: an API key is required: --key or WEBHOOKS_API_KEY', { exitCode: 2 });
      if (flags.secret !== undefined && !SECRET.test(flags.secret)) command.error('error: --secret must be a whsec_… secret (whsec_ and base64)', { exitCode: 2 });
      if (!URL.canParse(flags.forwardTo) || !/^https?:/.test(flags.forwardTo)) command.error(`error: --forward-to must be an http(s) URL, not "${flags.forwardTo}"`, { exitCode: 2 });
      const secret = flags.secret ?? newSigningSecret(new CryptoRandom(), new Date()).secret;
      const transport = new GotWebhookTransport({ allowPrivateTargets: true, allowHttpTargets: true });
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const print = (line: string): void => void process.stdout.write(`${line}\n`);
      const events = flags.events.split(',').map((e) => e.trim()).filter((e) => e !== '');
      print(`Forwarding ${events.join(', ')} of project ${flags.project} from ${flags.api} to ${flags.forwardTo}`);
      print(flags.secret ? 'Signing with the secret of --secret.' : `Signing with ${secret} (new for this session; pass --secret to keep one).`);
      try {
        process.exitCode = await listenAndForward({
          api: flags.api,
          projectId: flags.project,
          apiKey: flags.key ?? '',
          events,
          forwarder: new Forwarder({ url: flags.forwardTo, secret, transport, now: () => new Date() }),
          print,
          signal: stop.signal,
        });
      } finally {
        transport.close();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
