/**
 * The neutral row model every report form is built from, and its two adapters: the rows of a finished batch
 * (every person, acceptable or not) and the findings log of the store (only the problems).
 */

import type { Config } from '../../config/schema.js';
import { type Absence, presentsCertificate } from '../../domain/absence.js';
import { type CertificateRecord, type PersonType, personTypeLabel } from '../../domain/certificate.js';
import type { CheckSummary } from '../../domain/check-summary.js';
import type { Finding, PhotoEvidence } from '../../domain/finding.js';
import { type LeadKind, leadKindOf, type PhotoLeadKind } from '../../domain/lead.js';
import { maskId } from '../../domain/mask.js';
import { platformAnswerText } from '../../domain/platform-answer.js';
import type { Requester } from '../../domain/query.js';
import type { ReviewMode } from '../../domain/rules.js';
import { assertNever, type VerdictStatus } from '../../domain/status.js';
import { type Concern, type Verdict, type VerdictSource, verdictRecords } from '../../domain/verdict.js';
import type { BatchResult } from '../types.js';

/** One checked person as the reports see it. Holds the full ID number; builders mask it unless `fullIds`. */
export interface ReportRow {
  status: VerdictStatus;
  idNumber: string;
  name?: string;
  /** 操作项目 / 工种 as the roster or the message named it. */
  item?: string;
  personType?: PersonType;
  enterprise?: string;
  department?: string;
  requester?: Requester;
  reasons: string[];
  /** Certificates the answer showed, the deciding one first. */
  certificates: CertificateRecord[];
  /** The deciding special-operations certificate's rule at expiry (`renewal`: 换领新证), when judged here. */
  expiryMode?: ReviewMode;
  source?: VerdictSource;
  /** What the platform said, in words. */
  platformSaid: string;
  /** ISO instant of the platform's answer, when there was one. */
  answeredAt?: string;
  /** China calendar day of the check. */
  day: string;
  /** ISO instant of the (first) check. */
  at: string;
  /** ISO instant of the latest report of the same result. */
  lastAt: string;
  /** How many times the same result was reported that day. */
  count: number;
  /** Where the row came from, in Chinese: "名单 花名册.xlsx「Sheet1」第 5 行" or "微信 张三". */
  origin: string;
  /** The finding's id (findings log rows), the key of its lead. */
  findingId?: string;
  /** The lead a photo showed (fake lookup site, altered card), and its evidence. */
  photoLead?: PhotoLeadKind;
  /** `not_found`: what it meant for what was asked. */
  absence?: Absence;
  /** Facts beside the status that bear on the work (past retirement age, a number not the platform's …). */
  concerns?: Concern[];
  /** Whether a certificate was presented (a photo, a number, a card asked about): only then can it be a fake. */
  presented: boolean;
  /** The lead the row is, if any (lead.ts): decided where the row is made, from its finding or verdict. */
  lead?: LeadKind;
  photo?: PhotoEvidence;
}

/** The rows of one report and what they cover. */
export interface ReportInput {
  rows: ReportRow[];
  /** True when the rows hold every person checked (a batch); false for the findings log (problems only). */
  complete: boolean;
  /** The date the report is made on (YYYY-MM-DD). */
  today: string;
  enterprise?: string;
  from?: string;
  to?: string;
  /**
   * Everyone the period's checks covered, counted (a findings-log input has only the problems as rows; its
   * export sets this from the store's check tally). Absent: count the rows of a complete input.
   */
  checked?: CheckSummary;
  /** What the settings state of the enterprise (selfCheck.enterprises): 责任人, 法定代表人 … */
  profile?: EnterpriseProfile;
  /**
   * The enterprise's ledger kept by the bot, its people in post counted by class (特种作业人员, 主要负责人, 安全生产管理
   * 人员): the 检查表 says the ledger is kept by class. Absent: the bot keeps none for it.
   */
  ledger?: LedgerByClass;
  /** Where each lead stands (the bot's outbox), by finding id: the leads list shows it. */
  leadStanding?: (findingId: string) => LeadStanding | undefined;
}

/** People in post in a ledger by class; `unknown`: not classed yet (the ledger's 未分类 sheet). */
export type LedgerByClass = Record<PersonType | 'unknown', number>;

/** The facts an enterprise's settings state of it for the self-check papers. */
export type EnterpriseProfile = Config['selfCheck']['enterprises'][string];

/** Where a lead stands, in words: 待复核 (with its re-check day), 已上报, 已撤回 (with when and why) … */
export interface LeadStanding {
  label: string;
  /** A pending lead's re-check day, `YYYY-MM-DD`. */
  recheckOn?: string;
  /** When and why it was withdrawn or refused. */
  note?: string;
}

/** The lines under a report title: "填报单位：某公司　　填报时间：2026-01-05" and the period covered. */
export function scopeLines(input: ReportInput, unitLabel: string, dateLabel: string): string[] {
  const lines = [`${unitLabel}：${input.enterprise ?? ''}　　${dateLabel}：${input.today}`];
  if (input.from || input.to) lines.push(`核验期间：${input.from ?? '最早'} 至 ${input.to ?? input.today}`);
  return lines;
}

/** An ID number as a report shows it: whole for admins, masked (110105********002X) for everyone else. */
export function displayId(idNumber: string, fullIds: boolean): string {
  return fullIds ? idNumber : maskId(idNumber);
}

/** An 18-character or 15-digit ID number inside free text (reasons, platform answers, certificate numbers). */
const ID_IN_TEXT = /\d{17}[\dXx]|\d{15}/g;

/** Free text as a report shows it: any ID number inside it masked unless `fullIds`. */
export function displayText(text: string, fullIds: boolean): string {
  return fullIds ? text : text.replace(ID_IN_TEXT, (id) => maskId(id));
}

/** Report rows of a finished batch, one per roster row, in roster order. */
export function rowsFromBatch(result: BatchResult, requester?: Requester): ReportInput {
  const rows = result.results.map(({ sheet, row, verdict }): ReportRow => {
    const deciding = verdict.certificates[0];
    return {
      status: verdict.status,
      idNumber: verdict.query.idNumber || verdict.query.input,
      name: verdict.query.name,
      item: verdict.query.item,
      personType: verdict.personType ?? verdict.query.personType,
      enterprise: row.enterprise ?? requester?.enterprise,
      department: row.department,
      requester,
      reasons: [
        ...verdict.reasons,
        ...verdict.warnings,
        ...row.problems.filter((p) => !verdict.reasons.includes(p)),
      ],
      certificates: verdictRecords(verdict),
      expiryMode: deciding?.expiryMode,
      source: verdict.source,
      platformSaid: platformAnswerText(verdict),
      answeredAt: verdict.evidenceAt,
      day: result.today,
      at: verdict.evidenceAt ?? result.finishedAt,
      lastAt: verdict.evidenceAt ?? result.finishedAt,
      count: 1,
      origin: `名单 ${result.roster.fileName}「${sheet}」第 ${row.rowNumber} 行`,
      presented: presentsCertificate(verdict.query),
      ...leadOf(findingFacts(verdict)),
      ...(verdict.absence ? { absence: verdict.absence } : {}),
      ...(verdict.concerns?.length ? { concerns: verdict.concerns.map((c) => c.concern) } : {}),
    };
  });
  return { rows, complete: true, today: result.today, enterprise: requester?.enterprise };
}

/** Report rows of logged findings (the store's `findings.list`). */
export function rowsFromFindings(
  findings: readonly Finding[],
  scope: { today: string; enterprise?: string; from?: string; to?: string },
): ReportInput {
  const rows = findings.map(
    (f): ReportRow => ({
      status: f.status,
      idNumber: f.idNumber,
      name: f.name,
      item: f.item,
      personType: f.personType,
      enterprise: f.enterprise ?? f.requester.enterprise,
      requester: f.requester,
      reasons: f.reasons,
      certificates: f.evidence.certificates,
      ...(f.expiryMode ? { expiryMode: f.expiryMode } : {}),
      source: f.evidence.source,
      platformSaid: withPlatformStatus(f.evidence.platformSaid, f.evidence.certificates),
      answeredAt: f.evidence.answeredAt,
      day: f.day,
      at: f.firstAt,
      lastAt: f.lastAt,
      count: f.count,
      origin: requesterText(f.requester),
      findingId: f.id,
      ...(f.photoLead ? { photoLead: f.photoLead } : {}),
      ...(f.evidence.photo ? { photo: f.evidence.photo } : {}),
      presented: presentsCertificate(f),
      ...leadOf(f),
      ...(f.absence ? { absence: f.absence } : {}),
      ...(f.concerns?.length ? { concerns: f.concerns } : {}),
    }),
  );
  return { rows, complete: false, ...scope };
}

/** The lead of a finding (or of the finding a verdict makes), as a row's optional field. */
function leadOf(f: Parameters<typeof leadKindOf>[0]): { lead?: LeadKind } {
  const lead = leadKindOf(f);
  return lead === undefined ? {} : { lead };
}

/** What a verdict's finding would say of its lead. */
function findingFacts(verdict: Verdict): Parameters<typeof leadKindOf>[0] {
  return {
    status: verdict.status,
    personType: verdict.personType ?? verdict.query.personType,
    ...(verdict.query.claim ? { claim: verdict.query.claim } : {}),
    ...(verdict.numberMismatch ? { numberMismatch: verdict.numberMismatch } : {}),
  };
}

/** Who asked, in Chinese: "微信 张三（群 安全管理群）", "命令行 admin", "名单 花名册.xlsx". */
export function requesterText(requester: Requester): string {
  const who = requester.userName ?? requester.userId ?? '';
  switch (requester.channel) {
    case 'chat':
      return `微信 ${who}${requester.room ? `（群 ${requester.room}）` : ''}`.trim();
    case 'cli':
      return `命令行 ${who}`.trim();
    case 'batch':
      return `名单 ${requester.file ?? ''}${who ? `（${who}）` : ''}`.trim();
    default:
      return assertNever(requester.channel);
  }
}

/**
 * A logged finding's evidence in words with the platform's own status of its certificates added: the words
 * were written from our verdict, the status is the platform's and belongs beside them.
 */
function withPlatformStatus(said: string, certificates: readonly CertificateRecord[]): string {
  if (said.includes('平台状态')) return said;
  const withStatus = certificates.filter((c) => c.platformStatus);
  if (withStatus.length === 0) return said;
  const each = withStatus.map(
    (c) => (certificates.length === 1 ? '' : `${certificateName(c)} `) + c.platformStatus,
  );
  const statuses = `平台状态：${each.join('；')}`;
  return said ? `${said}｜${statuses}` : statuses;
}

/** A certificate as people name it: "低压电工作业操作证", "安全生产知识和管理能力考核合格证（主要负责人）". */
export function certificateName(record: CertificateRecord): string {
  switch (record.kind) {
    case 'special':
      return `${record.item ?? record.category ?? '特种作业'}操作证`;
    case 'safety':
      return `安全生产知识和管理能力考核合格证${record.role ? `（${record.role}）` : ''}`;
    default:
      return assertNever(record.kind);
  }
}

/** Where an answer came from, in Chinese. */
export function sourceLabel(source: VerdictSource | undefined): string {
  switch (source) {
    case undefined:
      return '';
    case 'national':
      return '全国统一平台';
    case 'registry':
      return '官方导出数据（本地登记库）';
    case 'cache':
      return '全国统一平台（缓存）';
    case 'stale-cache':
      return '旧缓存（平台暂时无法访问）';
    default:
      return assertNever(source);
  }
}

/** 人员类型 in words; empty when the roster did not say. */
export function personTypeText(personType: PersonType | undefined): string {
  return personType === undefined ? '' : personTypeLabel(personType);
}
