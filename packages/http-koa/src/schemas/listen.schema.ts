import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { DateTime, Strict } from './common.schema.js';

/** The query of `GET …/listen`: the events to listen to. */
export const ListenQuery = Strict({
  events: Type.String({
    minLength: 1,
    maxLength: 1000,
    description: 'Comma-separated notify event keys (`user_registered,form_submitted,form_viewed_42`); interactive events are refused.',
  }),
});
export type ListenQuery = Static<typeof ListenQuery>;

/** The data of a `webhook` message of the listen stream: one event, as a webhook of it is sent. */
export const LiveEventView = Strict(
  {
    id: Type.String({ description: 'The event id: the `webhook-id` header a webhook of it gets.' }),
    key: Type.String({ description: 'The event key.' }),
    occurredAt: DateTime,
    body: Type.String({ description: 'The request body a webhook of this event is sent, byte for byte (JSON text): sign and forward it as it is.' }),
  },
  { description: 'An event of a live listen stream.' },
);
export type LiveEventView = Static<typeof LiveEventView>;

/** The data of the `ready` message that opens the listen stream. */
export const ListenReadyView = Strict({
  projectId: Type.String(),
  events: Type.Array(Type.String(), { description: 'The keys listened to.' }),
});
export type ListenReadyView = Static<typeof ListenReadyView>;
