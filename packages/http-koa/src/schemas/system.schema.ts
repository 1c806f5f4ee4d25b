import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { AnyJson, Nullable, PageOf, Strict, StringEnum } from './common.schema.js';

/** Liveness and readiness. */
export const StatusView = Strict({ status: StringEnum(['ok', 'ready']) });
export type StatusView = Static<typeof StatusView>;

/** One row of the event catalog. */
export const EventTypeView = Strict({
  key: Type.String({ description: 'The key, or for per-form events the pattern (`form_submit_{form}`): subscribe with a form id in place of `{form}`.' }),
  mode: StringEnum(['notify', 'interactive'], '`notify` events are queued and retried; `interactive` ones are called while the user waits.'),
  familyOnly: Type.Boolean(),
  payload: Type.Array(Type.String(), { description: 'Payload fields beyond `user_info` and `meta_info`.' }),
  description: Type.String(),
  topic: StringEnum(['account', 'forms', 'completion', 'payments', 'statuses_tags', 'interactive'], 'What it is about, to group the catalog.'),
  sample: Type.Record(Type.String(), AnyJson, { description: 'A sample payload: what a test send of this event delivers.' }),
  answer: Nullable(
    Strict(
      {
        fields: Type.Record(Type.String(), Type.String(), { description: 'Each field the subscriber may answer, with what it does.' }),
        example: Type.Record(Type.String(), AnyJson, { description: 'An example answer.' }),
      },
      { description: 'For interactive events: what the subscriber may answer (null for notify events).' },
    ),
  ),
});
export type EventTypeView = Static<typeof EventTypeView>;

/** The event catalog. */
export const EventTypesView = PageOf(EventTypeView);
