/**
 * The deployment's rule on where webhooks may point, asked when a webhook is created or changed.
 * The transport enforces the same rule again on every send, on the addresses a name resolves to
 * (see `WebhookTransport`: `blocked`); this lets the admin hear about a target that can never be
 * reached while saving it, instead of through failed deliveries.
 */
export interface TargetGuard {
  /**
   * Why webhooks may never reach `url` (a normalised absolute http(s) URL) whatever DNS answers —
   * its host is a refused address in any spelling (private, loopback, link-local, cloud
   * metadata…) or a name refused as such (`localhost`, `*.internal`…) — or null when it may be
   * saved. Names that resolve to refused addresses are the transport's to refuse, at send time.
   */
  refusal(url: string): string | null;
}
