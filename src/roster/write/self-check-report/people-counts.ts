/**
 * The counts the report states in words: people by class (三项岗位人员) and problems by kind.
 */
import type { CheckSummary } from '../../../domain/check-summary.js';
import type { ReportRow } from '../report-rows.js';
import { SECTION_KIND_WORDS, SECTION_KINDS, type SectionKind, sectionKindOf } from './section-kinds.js';

/** "特种作业人员 3 人、主要负责人 1 人、安全生产管理人员 2 人" (and 未注明类别 when some are). */
export function byClassText(byClass: CheckSummary['byClass']): string {
  const parts = [
    `特种作业人员 ${byClass.special} 人`,
    `主要负责人 ${byClass.principal} 人`,
    `安全生产管理人员 ${byClass.manager} 人`,
  ];
  if (byClass.unknown > 0) parts.push(`未注明类别 ${byClass.unknown} 人`);
  return parts.join('、');
}

/** Distinct people (by ID number) of each kind among the problem rows, kinds with none left out. */
function peopleByKind(rows: readonly ReportRow[]): Array<{ kind: SectionKind; people: number }> {
  const ids = new Map<SectionKind, Set<string>>();
  for (const row of rows) {
    const kind = sectionKindOf(row);
    ids.set(kind, (ids.get(kind) ?? new Set()).add(row.idNumber));
  }
  return SECTION_KINDS.flatMap((kind) => {
    const people = ids.get(kind)?.size ?? 0;
    return people > 0 ? [{ kind, people }] : [];
  });
}

/** "证书已过期 2 人；未按期复审（证书失效）1 人". */
export function kindsText(rows: readonly ReportRow[]): string {
  return peopleByKind(rows)
    .map(({ kind, people }) => `${SECTION_KIND_WORDS[kind].label} ${people} 人`)
    .join('；');
}
