/**
 * The compose description of docs/CLI.md (`addressees: [{ institution: { name }, inbox }]`,
 * attachments as paths) mapped onto the app's compose schema. Problems are named by the paths of
 * the description itself, all of them at once.
 */
import { z } from 'zod';
import { attachmentInputSchema, composeInputSchema, type ComposeSpec } from '../common/compose-schema';
import { AppError } from '../common/errors';

export interface DescribedFile {
  /** As written in the description: relative to the description file. */
  path: string;
  description?: string | undefined;
}

export interface Description {
  spec: Omit<ComposeSpec, 'attachments'>;
  files: DescribedFile[];
}

const filesSchema = z.array(z.object({
  path: z.string().trim().min(1).max(4096),
  description: attachmentInputSchema.shape.description,
})).max(100).default([]);

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `"kindOther": null` and the like mean "not given". */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isRecord(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
}

/** A path of the app's schema → the same place in the description. */
function descriptionPath(path: string, templateOption: boolean): string {
  if (templateOption && path === 'template') return '--template';
  const additional = /^additionalAddressees\.(\d+)\.name$/.exec(path);
  if (additional) return `addressees.${Number(additional[1]) + 1}.institution.name`;
  return path
    .replace(/^addressee\.name$/, 'addressees.0.institution.name')
    .replace(/^addressee\.inbox$/, 'addressees.0.inbox')
    .replace(/^(addressee|additionalAddressees)$/, 'addressees');
}

/** The letter goes to the first addressee's inbox; the others are named in it. */
export function parseDescription(raw: unknown, template?: string): Description {
  const d = withoutNulls(raw);
  if (!isRecord(d)) throw new AppError('INVALID_INPUT', 'the description is not a JSON object', { fields: ['SPEC.json'] });
  const { addressees, attachments, ...rest } = d;
  const [first, ...others] = (Array.isArray(addressees) ? addressees : []).map((a) => (isRecord(a) ? a : {}));
  const name = (a: Json) => (isRecord(a.institution) ? a.institution.name : undefined);
  const spec = composeInputSchema.safeParse({
    ...rest,
    template: template ?? rest.template,
    addressee: first && { name: name(first), inbox: first.inbox },
    additionalAddressees: others.length > 0 ? others.map((a) => ({ name: name(a) })) : undefined,
    attachments: [],
  });
  const files = filesSchema.safeParse(attachments);
  const fields = [
    ...(spec.error?.issues ?? []).map((i) => descriptionPath(i.path.join('.'), template !== undefined)),
    ...(files.error?.issues ?? []).map((i) => ['attachments', ...i.path].join('.')),
  ];
  if (!spec.success || !files.success) {
    throw new AppError('INVALID_INPUT', 'invalid compose description', { fields: [...new Set(fields)] });
  }
  const { attachments: _none, ...letter } = spec.data;
  return { spec: letter, files: files.data };
}
