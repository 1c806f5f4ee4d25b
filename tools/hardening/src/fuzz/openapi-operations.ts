/** A JSON Schema node of the OpenAPI document (plain JSON). */
export type Schema = Readonly<Record<string, unknown>>;

/** Who may call an operation, read from its `security`. */
export type Caller = 'anyone' | 'operator' | 'platform' | 'apiAdmin';

/** One parameter of an operation. */
export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly schema: Schema;
}

/** One operation of the document, with every `$ref` left for {@link resolver} to follow. */
export interface Operation {
  readonly operationId: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI template: `/v1/projects/{projectId}`. */
  readonly template: string;
  readonly caller: Caller;
  readonly pathParams: readonly Parameter[];
  readonly queryParams: readonly Parameter[];
  readonly body: Schema | null;
  /** The documented success status. */
  readonly success: number;
  /** Every documented status. */
  readonly statuses: readonly number[];
}

/** The parts of an OpenAPI 3.1 document read here. */
export interface OpenApiDoc {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, Schema>> };
}

/** Follows a local `$ref` (`#/components/schemas/X`) until a schema without one. */
export function resolver(doc: OpenApiDoc): (schema: Schema) => Schema {
  return (schema) => {
    let node = schema;
    for (let hops = 0; typeof node['$ref'] === 'string'; hops += 1) {
      if (hops > 20) throw new Error(`$ref loop at ${String(node['$ref'])}`);
      const name = /^#\/components\/schemas\/(.+)$/.exec(node['$ref'])?.[1];
      const target = name ? doc.components?.schemas?.[name] : undefined;
      if (!target) throw new Error(`unresolved $ref ${String(node['$ref'])}`);
      node = target;
    }
    return node;
  };
}

const CALLERS: Readonly<Record<string, Caller>> = { operator: 'operator', platform: 'platform', apiAdmin: 'apiAdmin' };

/** Every operation of the document, in document order. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const operations: Operation[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const security = (op['security'] as readonly Record<string, unknown>[] | undefined) ?? [];
      const scheme = Object.keys(security[0] ?? {})[0];
      const parameters = (op['parameters'] as readonly Parameter[] | undefined) ?? [];
      const requestBody = op['requestBody'] as { content?: Record<string, { schema?: Schema }> } | undefined;
      const statuses = Object.keys((op['responses'] as Record<string, unknown> | undefined) ?? {}).map(Number);
      operations.push({
        operationId: String(op['operationId']),
        method: method.toUpperCase() as Operation['method'],
        template,
        caller: scheme === undefined ? 'anyone' : (CALLERS[scheme] ?? 'anyone'),
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        body: requestBody?.content?.['application/json']?.schema ?? null,
        success: statuses.find((s) => s >= 200 && s < 300) ?? 200,
        statuses,
      });
    }
  }
  return operations;
}

/** The path of an operation with its parameters filled in (values are written as given, not encoded). */
export function fillPath(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${template}`);
    return value;
  });
}
