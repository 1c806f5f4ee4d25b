/**
 * How a receiver checks the signatures, with the Standard Webhooks libraries: shown beside a new
 * secret. The code is the libraries' documented use, nothing of this service's own.
 */
export function VerifyPanel() {
  return (
    <details class="verify">
      <summary>Verify signatures in your receiver</summary>
      <p>
        Each request carries <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> (<code>v1,…</code>, one per
        secret that signs, separated by spaces). Check them with a Standard Webhooks library over the raw body, before parsing it:
      </p>
      <pre class="wrap example" aria-label="Verify in Node.js">
        {`// npm install standardwebhooks
import { Webhook } from 'standardwebhooks';
const wh = new Webhook(process.env.WEBHOOK_SECRET); // whsec_…
const payload = wh.verify(rawBody, request.headers); // throws when the signature or timestamp is wrong`}
      </pre>
      <pre class="wrap example" aria-label="Verify in Python">
        {`# pip install standardwebhooks
from standardwebhooks.webhooks import Webhook
payload = Webhook(os.environ["WEBHOOK_SECRET"]).verify(raw_body, request.headers)`}
      </pre>
      <p>While an old secret still signs, each request carries a signature by each secret: a receiver holding either one accepts it.</p>
    </details>
  );
}
