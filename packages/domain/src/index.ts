/**
 * The webhook service's domain: the event catalog, subscription and completion rules, response
 * semantics, delivery policy, and the use cases over ports. Pure: no framework, no I/O.
 */
// Model
export type * from './model/json.js';
export type * from './model/project.js';
export type * from './model/form.js';
export type * from './model/user-state.js';
export type * from './model/activity.js';
export type * from './model/subscription.js';
export type * from './model/event.js';
export type * from './model/delivery.js';
export type * from './model/decision.js';
export type * from './model/completion-event.js';
export type * from './model/user-form.js';
export type { ConflictDetails, FieldError, Result } from './model/result.js';
export { ok, notFound, invalid, conflict } from './model/result.js';

// Ports
export type * from './ports/clock.port.js';
export type * from './ports/id-generator.port.js';
export type * from './ports/random.port.js';
export type * from './ports/cursor.js';
export { InvalidCursorError } from './ports/cursor.js';
export { StorageUnavailableError } from './ports/storage-unavailable.js';
export type * from './ports/project-store.port.js';
export type * from './ports/admin-store.port.js';
export type * from './ports/form-store.port.js';
export type * from './ports/form-context-reads.port.js';
export type * from './ports/subscription-store.port.js';
export type * from './ports/user-state-store.port.js';
export type * from './ports/activity-store.port.js';
export type * from './ports/delivery-store.port.js';
export type * from './ports/storage.port.js';
export type * from './ports/activity-recording.port.js';
export type * from './ports/recording-storage.port.js';
export type * from './ports/delivery-queue.port.js';
export type * from './ports/webhook-transport.port.js';
export type * from './ports/target-guard.port.js';
export type * from './ports/attempt-observer.port.js';
export type * from './ports/live-events.port.js';
export { LiveEventQueue } from './live/live-event-queue.js';
export { TOKENS } from './ports/tokens.js';

// Text every store keeps
export { textProblem, storableText, excerpt } from './text/storable-text.js';
export { unsafeText, MAX_JSON_DEPTH } from './text/unsafe-text.js';

// Catalog
export type { EventMode, EventTopic, EventType } from './catalog/event-type.js';
export { EVENT_CATALOG, findEventType } from './catalog/event-catalog.js';
export { parseEventKey, concreteKey } from './catalog/event-key.js';
export type { ParsedEventKey } from './catalog/event-key.js';
export { PAYMENT_KINDS, PAYMENT_KIND_EVENTS, isPaymentKind } from './catalog/payment-kinds.js';
export type { PaymentKind } from './catalog/payment-kinds.js';

// Subscriptions
export { normaliseTargetUrl } from './subscriptions/target-url.js';
export { newSigningSecret, activeSecrets, rotateSecrets, DEFAULT_SECRET_GRACE_MS } from './subscriptions/signing-secret.js';
export {
  validateSubscriptionInput,
  urlConflictMessage,
  INTERACTIVE_TIMEOUT_MS,
  NOTIFY_TIMEOUT_MS,
} from './subscriptions/subscription-input.js';
export type { SubscriptionInput, ValidSubscriptionInput } from './subscriptions/subscription-input.js';

// Platform input
export { idKey, keyedUser, numberIdProblem, MAX_NUMBER_ID } from './input/platform-id.js';
export { USER_FIELDS_LIMITS, userFieldsProblem } from './input/user-fields.js';
export { activityErrors } from './input/activity-errors.js';
export { interactionErrors } from './input/interaction-errors.js';

// Payloads and dispatch
export { userInfo, USER_INFO_FIELDS } from './payloads/user-info.js';
export { buildEnvelope, ENVELOPE_KEYS } from './payloads/envelope.js';
export { samplePayload } from './payloads/sample-payload.js';
export type { PlannedEvent } from './dispatch/planned-event.js';
export { planActivityEvents } from './dispatch/plan-activity-events.js';
export { interactiveKeys, formInfo, interactivePayload, planSubmissionEvents, planAssignmentCompletions, planViewedEvent } from './dispatch/plan-form-events.js';
export { planDeliveries } from './dispatch/plan-deliveries.js';

// Completion
export {
  roleOf,
  audienceFor,
  audienceMismatch,
  userForms,
  isComplete,
  completionEdge,
  stateOf,
  assignOnAccountCreated,
  assignOnChildCreated,
  applySubmission,
  assignForm,
  unassignForm,
} from './completion/completion.js';

// Interactive answers
export { parseSubscriberAnswer, MAX_MESSAGE_LENGTH, MAX_JDOC_KEYS, MAX_FOCUS_LENGTH } from './interactive/subscriber-answer.js';
export { MAX_REDIRECT_LENGTH } from './interactive/redirect-url.js';
export { parseMessageType } from './interactive/message-type.js';
export type { SubscriberAnswer } from './interactive/subscriber-answer.js';
export { combineDecision, proceedDecision, CLOSED_FAILURE_MESSAGE } from './interactive/combine-decision.js';
export type { HookCall } from './interactive/combine-decision.js';

// Delivery policy
export { DEFAULT_RETRY_POLICY } from './delivery/retry-policy.js';
export type { RetryPolicy } from './delivery/retry-policy.js';
export { parseRetryAfter } from './delivery/parse-retry-after.js';
export { retryDelayMs } from './delivery/retry-delay.js';
export { classifyResult } from './delivery/classify-result.js';
export type { ResultClass } from './delivery/classify-result.js';
export { decideNext } from './delivery/decide-next.js';
export type { NextStep } from './delivery/decide-next.js';
export { signatureHeaders } from './delivery/signature.js';
export { hasStorableText, withoutText } from './delivery/outcome-text.js';
export { resendRefusal } from './delivery/resend-refusal.js';
export type { ResendCase, ResendRefusal, ResendRefusalReason } from './delivery/resend-refusal.js';
export { RESPONSE_CLASSES, applicantShapes, concernsApplicant, responseClassOf } from './delivery/log-search.js';
export type { ResponseClass } from './delivery/log-search.js';

// Use cases
export type { DomainConfig, WorkerConfig } from './use-cases/domain-config.js';
export { generateKey, hashKey, sameSecret } from './use-cases/keys.js';
export { Authenticate } from './use-cases/authenticate.js';
export type { Principal } from './use-cases/authenticate.js';
export { ProjectAdministration } from './use-cases/project-administration.js';
export type { AdminChange, AdminWithKey } from './use-cases/project-administration.js';
export { FormAdministration } from './use-cases/form-administration.js';
export type { TriggerInput, UserForms } from './use-cases/form-administration.js';
export { WebhookAdministration } from './use-cases/webhook-administration.js';
export type { SubscriptionChange, WebhookAdministrationDeps } from './use-cases/webhook-administration.js';
export { SendTestEvent, isTestEvent } from './use-cases/send-test-event.js';
export type { TestSend } from './use-cases/send-test-event.js';
export { ReportActivity } from './use-cases/report-activity.js';
export type { ActivityReport } from './use-cases/report-activity.js';
export type { EventSummary, RecordedEvents } from './use-cases/record-events.js';
export { FormInteractions, INTERACTION_RECORD_TYPES, interactionRecordType } from './use-cases/form-interactions.js';
export type { FormInteractionDeps, InteractionOutcome } from './use-cases/form-interactions.js';
export { DeliveryLog, RESEND_PAGE_SIZE } from './use-cases/delivery-log.js';
export type { BulkResend, LoggedDelivery } from './use-cases/delivery-log.js';
export { ListenToEvents, MAX_LISTENED_KEYS } from './use-cases/listen-to-events.js';
export { DeliveryWorker } from './use-cases/delivery-worker.js';
export type { DeliveryWorkerDeps } from './use-cases/delivery-worker.js';
export { HostLimiter } from './use-cases/host-limiter.js';
export { TransactionalRecording } from './recording/transactional-recording.js';
export { StoredFormContexts } from './reads/stored-form-contexts.js';
// Speed, chosen in the composition: decorators and implementations of ports that batch and share.
export { GroupCommitRecording } from './batching/group-commit-recording.js';
export { BatchedCompletions } from './batching/batched-completions.js';
export type { BatchedCompletionsOptions } from './batching/batched-completions.js';
export { sharedStoreReads, sharedFormContexts } from './batching/shared-store-reads.js';
export { GroupCommit, DEFAULT_BATCHING } from './batching/group-commit.js';
export type { GroupCommitOptions, Settled } from './batching/group-commit.js';
