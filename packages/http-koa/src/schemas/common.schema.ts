import type { ObjectOptions, TLiteral, TObject, TProperties, TSchema, TUnion } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { MAX_NUMBER_ID } from '@webhooks/domain';

/** Longest name (project, form) accepted. */
export const MAX_NAME = 200;
/** Longest free text (status names, tag names, reasons) accepted. */
export const MAX_TEXT = 500;
/** Most keys of a free-form object (`doc`, `payment`, `cart`, `when`). */
export const MAX_OBJECT_KEYS = 1000;
/** Most applicants one group activity may name. */
export const MAX_USERS = 5000;
/** Longest opaque pagination cursor. */
export const MAX_CURSOR = 512;

/** A service id with its prefix, such as `prj_01J…`. */
export const serviceId = (prefix: string, description: string) =>
  Type.String({ pattern: `^${prefix}_[A-Za-z0-9_-]{1,64}$`, maxLength: prefix.length + 65, description, examples: [`${prefix}_00000001`] });

export const ProjectId = serviceId('prj', 'A project id.');
export const AdminId = serviceId('adm', 'An admin id.');
export const WebhookId = serviceId('wh', 'A webhook id.');
export const DeliveryId = serviceId('dlv', 'A delivery id.');

/** A form (or trigger) id chosen by the platform: the domain's form id rule. */
export const FormId = Type.String({
  pattern: '^[A-Za-z0-9_-]{1,64}$',
  minLength: 1,
  maxLength: 64,
  description: '1 to 64 letters, digits, "_" or "-".',
  examples: ['42'],
});

/** A platform id sent as a number: a whole number the JSON number can hold exactly. */
const NumberId = Type.Integer({ minimum: 0, maximum: MAX_NUMBER_ID, description: 'A whole number from 0 to 2^53 − 1.' });

/** A platform id as a path names it (a number is its decimal string there). */
export const PlatformIdText = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$',
  minLength: 1,
  maxLength: 128,
  description: "1 to 128 letters, digits, '.', '_', ':', '@' or '-', starting with a letter or digit.",
});

/**
 * An id of the platform's own (user, activity, interaction): a printable string without spaces,
 * or a whole number, keyed as its decimal string (`42` and `"42"` are one id) and shown in
 * payloads as it was sent.
 */
export const PlatformId = Type.Union(
  [PlatformIdText, NumberId],
  {
    description:
      "The platform's id: a string of 1 to 128 letters, digits, '.', '_', ':', '@' or '-' starting with a letter or digit, or a whole " +
      'number from 0 to 2^53 − 1 (keyed as its decimal string: 42 and "42" are one id; payloads show it as sent).',
  },
);

/** A form id as a trigger names it: a form id string, or a whole number (the form whose id is its decimal string). */
export const FormRef = Type.Union([FormId, NumberId], {
  description: 'A form id (1 to 64 letters, digits, "_" or "-"), or a whole number from 0 to 2^53 − 1 naming the form whose id is its decimal string.',
});

/** A concrete event key such as `user_registered` or `form_submit_42`; the domain checks it against the catalog. */
export const EventKey = Type.String({ minLength: 1, maxLength: 100, description: 'A concrete event key: `user_registered`, `form_submit_42`.' });

/** An RFC 3339 date-time. */
export const DateTime = Type.String({ format: 'date-time', maxLength: 40, description: 'An ISO 8601 (RFC 3339) date-time with a zone.' });

/** Any JSON value (bounded only by the body size). */
export const AnyJson = Type.Unknown({ description: 'Any JSON value.' });

/** A JSON object of string keys to any JSON value, bounded in keys. */
export const JsonObjectSchema = (description: string) =>
  Type.Record(Type.String({ pattern: '^.{1,200}$' }), AnyJson, { maxProperties: MAX_OBJECT_KEYS, description });

/** A nullable value, written as a JSON Schema `anyOf` with `null` (OpenAPI 3.1). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

type Literals<T extends readonly string[]> = { -readonly [K in keyof T]: TLiteral<T[K] & string> };

/** A closed list of strings (a union of literals; the OpenAPI document writes it as an `enum`). */
export function StringEnum<const T extends readonly [string, ...string[]]>(values: T, description?: string): TUnion<Literals<T>> {
  return Type.Union(
    values.map((value) => Type.Literal(value)),
    description ? { description } : {},
  ) as unknown as TUnion<Literals<T>>;
}

/** A page of items, as every list answers. */
export const PageOf = <T extends TSchema>(item: T) =>
  Type.Object(
    {
      items: Type.Array(item),
      nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null at the end.' }),
    },
    { additionalProperties: false },
  );

/** Query parameters of every list. */
export const PageQuery = {
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_CURSOR, description: 'The `nextCursor` of the previous page.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Items per page, 1 to 100.' })),
};

/**
 * A union whose variant is named by one property (`type`): validation reports the errors of
 * that variant only, and the OpenAPI document writes it as `oneOf` with a `discriminator`.
 */
export const DiscriminatedUnion = <T extends TObject[]>(propertyName: string, variants: [...T], description?: string) =>
  Type.Union(variants, { discriminator: { propertyName }, ...(description ? { description } : {}) });

/** An object that refuses unknown fields, as every request and response schema here. */
export const Strict = <T extends TProperties>(properties: T, options: ObjectOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });
