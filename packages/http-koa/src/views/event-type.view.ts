import type { EventType, Project } from '@webhooks/domain';
import { samplePayload } from '@webhooks/domain';
import { ANSWER_EXAMPLE, ANSWER_FIELDS } from '../schemas/interaction.schema.js';
import type { EventTypeView } from '../schemas/system.schema.js';

/** When the catalog's samples happened: a fixed time, so the catalog answers the same every time. */
const SAMPLE_TIME = new Date('2026-01-01T09:00:00.000Z');

/** The project a sample names: the real one for a project's catalog, else a sample one. */
type SampleProject = Pick<Project, 'id' | 'name' | 'system'>;

/**
 * A row of the catalog as answered: with a sample payload (of `project`, if given) and, for
 * interactive events, what may be answered.
 */
export function eventTypeView(t: EventType, of?: SampleProject): EventTypeView {
  const project: SampleProject = of ?? { id: 'prj_sample', name: 'Sample project', system: t.familyOnly ? 'family' : 'individual' };
  return {
    key: t.key,
    mode: t.mode,
    familyOnly: t.familyOnly,
    payload: [...t.payload],
    description: t.description,
    topic: t.topic,
    sample: samplePayload({ eventId: 'msg_sample', key: t.key, fields: t.payload, occurredAt: SAMPLE_TIME, project, activityId: 'test_msg_sample' }),
    answer: t.mode === 'interactive' ? { fields: { ...ANSWER_FIELDS }, example: { ...ANSWER_EXAMPLE } } : null,
  };
}
