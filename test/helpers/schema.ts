import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { SweepReport } from '../../src/core/sweep-analysis.js';
import type { Report } from '../../src/core/types.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object;
// `format` is an annotation here; ajv-formats would be a dependency for one date-time check.
const validate = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(schema);

/** Schema violations of a report as readable strings; empty when it is valid. */
export function validateReport(report: unknown): string[] {
  return validate(report) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/** Parses a CLI's JSON stdout and fails the test unless it is a valid report: every report is checked. */
export function parseReport(text: string): Report {
  const report = JSON.parse(text) as unknown;
  const problems = validateReport(report);
  if (problems.length > 0) throw new Error(`report does not match schema/report.schema.json:\n${problems.join('\n')}`);
  return report as Report;
}

const sweepSchema = JSON.parse(
  readFileSync(new URL('../../schema/sweep.schema.json', import.meta.url), 'utf8'),
) as object;
const validateSweepReport = new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(sweepSchema);

/** Parses `corofetch sweep --json` and fails the test unless it matches schema/sweep.schema.json. */
export function parseSweepReport(text: string): SweepReport {
  const report = JSON.parse(text) as unknown;
  if (!validateSweepReport(report)) {
    const problems = (validateSweepReport.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
    throw new Error(`sweep report does not match schema/sweep.schema.json:\n${problems.join('\n')}`);
  }
  return report as SweepReport;
}
