/**
 * Run-time checks of UA API traffic against the contract (uaapi_3.0.8.1, shipped as JSON in
 * resources/runtime/contracts/edoreczenia by scripts/gen-edoreczenia-types.mjs). The client uses it
 * in development and tests, the simulator on every request and answer. ajv compiles the OpenAPI
 * 3.0 schemas directly: they are JSON Schema draft-04-like apart from `example`/`nullable`, which
 * non-strict mode ignores, and the formats `int64`/`binary`, registered here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { runtimeDir } from '../runtime-resources';

export const CONTRACT_FILE = 'uaapi_3.0.8.1.json';
const SPEC_ID = 'uaapi';

type Json = Record<string, unknown>;
interface Parameter { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Json }
interface Operation { parameters?: Parameter[]; requestBody?: { required?: boolean; content: Record<string, { schema: Json }> }; responses: Record<string, Json> }

export interface ContractProblem { where: string; message: string }
export interface MatchedOperation { template: string; method: string; params: Record<string, string> }

export interface ContractValidator {
  /** The operation a request path (below /api/v1) and method belong to, or null. */
  match(method: string, path: string): MatchedOperation | null;
  /** Problems with a request; `body` is the parsed JSON (or the multipart fields as strings). */
  request(op: MatchedOperation, req: { query: URLSearchParams; contentType: string | null; body: unknown }): ContractProblem[];
  /** Problems with an answer; JSON bodies are checked against the schema, binary ones only by media type. */
  response(op: MatchedOperation, res: { status: number; contentType: string | null; body: unknown }): ContractProblem[];
  spec: Json;
}

let cached: ContractValidator | null = null;

export function loadContractValidator(dir = join(runtimeDir(), 'contracts', 'edoreczenia')): ContractValidator {
  if (cached) return cached;
  const spec = JSON.parse(readFileSync(join(dir, CONTRACT_FILE), 'utf8')) as Json;
  cached = createContractValidator(spec);
  return cached;
}

export function createContractValidator(spec: Json): ContractValidator {
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 });
  ajv.addFormat('binary', true);
  ajv.addSchema({ ...spec, $id: SPEC_ID });
  const coercing = new Ajv({ strict: false, coerceTypes: 'array', allErrors: true });
  addFormats(coercing);
  coercing.addFormat('int64', true).addFormat('int32', true).addFormat('binary', true);

  const paths = spec.paths as Record<string, Record<string, Operation>>;
  const templates = Object.keys(paths).map((t) => {
    const segments = t.split('/').slice(1);
    return { template: t, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
  }).sort((a, b) => b.literals - a.literals);

  const compiled = new Map<string, ValidateFunction>();
  /** Schemas are compiled by their JSON pointer inside the spec so $refs resolve against it. */
  const validatorAt = (pointer: string): ValidateFunction => {
    let v = compiled.get(pointer);
    if (!v) {
      v = ajv.compile({ $ref: `${SPEC_ID}#${pointer}` });
      compiled.set(pointer, v);
    }
    return v;
  };
  const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  const deref = (obj: Json): Json => {
    const ref = obj.$ref as string | undefined;
    if (!ref) return obj;
    return ref.slice(2).split('/').reduce<Json>((o, k) => o[k.replace(/~1/g, '/').replace(/~0/g, '~')] as Json, spec);
  };
  const problemsOf = (where: string, v: ValidateFunction): ContractProblem[] =>
    (v.errors ?? []).map((e) => ({ where, message: `${e.instancePath || '/'} ${e.message ?? 'invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}` }));

  const operation = (op: MatchedOperation): Operation => paths[op.template]![op.method.toLowerCase()]!;

  return {
    spec,
    match(method, path) {
      const segments = path.split('/').slice(1).map((s) => decodeURIComponent(s));
      for (const t of templates) {
        if (t.segments.length !== segments.length || !paths[t.template]![method.toLowerCase()]) continue;
        const params: Record<string, string> = {};
        const ok = t.segments.every((s, i) => {
          if (s.startsWith('{')) {
            params[s.slice(1, -1)] = segments[i]!;
            return segments[i] !== '';
          }
          return s === segments[i];
        });
        if (ok) return { template: t.template, method: method.toUpperCase(), params };
      }
      return null;
    },

    request(op, req) {
      const o = operation(op);
      const problems: ContractProblem[] = [];
      for (const p of o.parameters ?? []) {
        if (p.in === 'header') continue;
        const raw = p.in === 'path' ? op.params[p.name] : req.query.get(p.name);
        if (raw === undefined || raw === null) {
          if (p.required) problems.push({ where: `${p.in}.${p.name}`, message: 'is required' });
          continue;
        }
        const schema = p.schema ?? {};
        const value = schema.type === 'array' ? raw.split(',') : raw;
        const holder = { v: value };
        const check = coercing.compile({ type: 'object', properties: { v: schema } });
        if (!check(holder)) problems.push(...problemsOf(`${p.in}.${p.name}`, check));
      }
      const body = o.requestBody ? deref(o.requestBody as unknown as Json) as unknown as Operation['requestBody'] : undefined;
      if (body) {
        const media = req.contentType?.split(';')[0]?.trim().toLowerCase() ?? null;
        const declared = Object.keys(body.content);
        if (req.body === undefined || req.body === null) {
          if (body.required) problems.push({ where: 'body', message: 'is required' });
        } else if (!media || !declared.includes(media)) {
          problems.push({ where: 'body', message: `content type ${media ?? '(none)'} is not one of ${declared.join(', ')}` });
        } else if (media === 'application/json') {
          const bodyRef = (o.requestBody as unknown as Json).$ref as string | undefined;
          const v = validatorAt(`${bodyRef ? bodyRef.slice(1) : `/paths/${esc(op.template)}/${op.method.toLowerCase()}/requestBody`}/content/application~1json/schema`);
          if (!v(req.body)) problems.push(...problemsOf('body', v));
        } else if (media === 'multipart/form-data') {
          // Parts arrive as text; the binary part is checked for presence only.
          const schema = deref(body.content[media]!.schema);
          for (const name of (schema.required as string[] | undefined) ?? []) {
            if (!(name in (req.body as Json))) problems.push({ where: `body.${name}`, message: 'is required' });
          }
        }
      }
      return problems;
    },

    response(op, res) {
      const o = operation(op);
      const declared = o.responses[String(res.status)] ?? o.responses.default;
      if (!declared) return [{ where: 'status', message: `${res.status} is not declared for ${op.method} ${op.template}` }];
      const content = deref(declared).content as Record<string, { schema?: Json }> | undefined;
      if (!content) return res.body === undefined || res.body === null || res.body === '' ? [] : [{ where: 'body', message: 'no body is declared' }];
      const media = res.contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
      const statusKey = declared === o.responses.default ? 'default' : String(res.status);
      if (!(media in content)) {
        // A binary answer may be declared as any concrete binary type (zip, pdf, xml, octet-stream).
        const binary = Object.values(content).some((c) => c.schema?.format === 'binary') || Object.keys(content).some((k) => k.startsWith('application/octet-stream'));
        return binary && media !== 'application/json' ? [] : [{ where: 'content-type', message: `${media || '(none)'} is not one of ${Object.keys(content).join(', ')}` }];
      }
      if (media !== 'application/json') return [];
      const responsePointer = (declared.$ref as string | undefined)?.slice(1) ?? `/paths/${esc(op.template)}/${op.method.toLowerCase()}/responses/${statusKey}`;
      const v = validatorAt(`${responsePointer}/content/application~1json/schema`);
      return v(res.body) ? [] : problemsOf('body', v);
    },
  };
}
