/**
 * A photo of a certificate, checked: read it (QR code and printed card), judge the QR host, make the card's query
 * (its ID checked like a typed one), verify it as any query, ask the official QR scan for the code's token, and
 * compare card and platform field by field. A QR code that opens another host is a fake-platform lead; a card
 * whose surely read fields differ from the platform's record, or whose official QR names another certificate or
 * none, is an altered-card lead. Each lead is a finding with its evidence (the QR text, the differing fields, the
 * image's sha256). An official host is no proof: a real QR code can be copied onto another card.
 */
import { type CardComparison, compareCard, compareWith } from '../domain/card-compare.js';
import { SURE_READ } from '../domain/card-fields.js';
import { type CardQuery, queryFromCard } from '../domain/card-query.js';
import type { CertificateRecord } from '../domain/certificate.js';
import { LookupError } from '../domain/errors.js';
import type { Finding, PhotoEvidence } from '../domain/finding.js';
import type { PhotoLeadKind } from '../domain/lead.js';
import { maskId } from '../domain/mask.js';
import type { ParsedQuery, Requester } from '../domain/query.js';
import type { Verdict } from '../domain/verdict.js';
import type { CertificateScan, LookupPriority } from '../lookup/port.js';
import type { PhotoProblem, PhotoReader, PhotoReading } from '../photo/types.js';
import type { FindingsLog } from '../store/findings-log.js';
import { logger } from '../util/logger.js';
import { findingFromVerdict } from './finding-from-verdict.js';
import { type LeadSink, leadFromFinding } from './lead-from-finding.js';
import type { Pipeline } from './pipeline.js';

const log = logger('photo');

/** Problems after which nothing of the image could be read. */
const FATAL: ReadonlySet<PhotoProblem> = new Set([
  'not_image',
  'truncated',
  'too_many_bytes',
  'too_many_pixels',
]);

/** What the official scan said of the QR code's token, beside the card. */
export type ScanOutcome =
  /** The certificate the code opens is the card's (same ID number and name). */
  | { kind: 'same'; certificate: CertificateRecord }
  /** The code opens another person's certificate: copied from a real card. */
  | { kind: 'other_card' }
  /** The scan knows no certificate by that token ("证件档案编号有误"). */
  | { kind: 'unknown'; message: string }
  /** The scan could not be asked (platform down, breaker open). */
  | { kind: 'failed'; reason: string };

/** The outcome of checking one photo. */
export type PhotoOutcome =
  /** Nothing to check: not an image, too large, broken, or no certificate on it. */
  | { kind: 'unreadable'; reading: PhotoReading }
  /** A card whose number could not be read or failed its checks: the sender is asked to type it. */
  | { kind: 'need_id'; reading: PhotoReading; card: Extract<CardQuery, { ok: false }> }
  /**
   * The printed name was read doubtfully: asked before any lookup, so an OCR slip never becomes "not found"
   * (a fake-certificate finding) nor tries names against the platform.
   */
  | { kind: 'confirm_name'; reading: PhotoReading; query: ParsedQuery; readName: string }
  | {
      kind: 'checked';
      reading: PhotoReading;
      query: ParsedQuery;
      verdict: Verdict;
      comparison?: CardComparison;
      scan?: ScanOutcome;
      leads: PhotoLeadKind[];
      /** The findings recorded for the leads. */
      findings: Finding[];
    };

export interface PhotoCheckDeps {
  reader: PhotoReader;
  pipeline: Pick<Pipeline, 'verify'>;
  /** The official QR scan; absent: the token is not asked about. */
  scan?: CertificateScan;
  findings: Pick<FindingsLog, 'record'>;
  /** Where each new photo lead goes (the bureau's outbox), once its finding is durable; absent: nowhere. */
  leads?: Pick<LeadSink, 'add'>;
  /** Keep the image (`photo.keepImages`): resolves with its path relative to the data directory. */
  keepImage?: (sha256: string, bytes: Buffer) => Promise<string>;
  now?: () => Date;
}

export interface PhotoCheckContext {
  requester: Requester;
  today: string;
  priority?: LookupPriority;
}

/** The photo checker, shared by the chat's photo flow and `check --image`. */
export interface PhotoChecker {
  /** Read a photo (bounded, never rejects for a bad image: its problems are in the reading). */
  read(bytes: Buffer): Promise<PhotoReading>;
  /**
   * Check what was read; `typed` is the number the sender typed when the card's could not be used (the printed
   * name fills it when it has none). `bytes` are kept only when configured.
   */
  judge(
    reading: PhotoReading,
    ctx: PhotoCheckContext,
    typed?: ParsedQuery,
    bytes?: Buffer,
  ): Promise<PhotoOutcome>;
  close(): Promise<void>;
}

/** Build the checker over a reader, the pipeline, the scan and the findings log. */
export function createPhotoChecker(deps: PhotoCheckDeps): PhotoChecker {
  const now = deps.now ?? (() => new Date());

  async function scanOf(reading: PhotoReading, query: ParsedQuery, priority: LookupPriority) {
    const token = reading.qr?.official ? reading.qr.token : undefined;
    if (!token || !deps.scan) return undefined;
    try {
      const answer = await deps.scan.scan(token, priority);
      if (!answer.found) return { kind: 'unknown', message: answer.message } satisfies ScanOutcome;
      const { certificate } = answer;
      const same =
        certificate.idNumber === query.idNumber && (!query.name || certificate.name === query.name);
      return same
        ? ({ kind: 'same', certificate } satisfies ScanOutcome)
        : ({ kind: 'other_card' } satisfies ScanOutcome);
    } catch (error) {
      if (!(error instanceof LookupError)) throw error;
      log.warn({ code: error.code }, 'QR scan failed');
      return { kind: 'failed', reason: error.message } satisfies ScanOutcome;
    }
  }

  async function record(
    lead: PhotoLeadKind,
    verdict: Verdict,
    ctx: PhotoCheckContext,
    evidence: PhotoEvidence,
  ): Promise<Finding> {
    const input = findingFromVerdict(verdict, ctx.requester);
    input.photoLead = lead;
    input.evidence.photo = evidence;
    input.reasons = [...evidence.findings, ...input.reasons];
    const { finding, duplicate } = await deps.findings.record(
      input,
      now(),
      `photo:${evidence.sha256}:${lead}`,
    );
    const report = duplicate || !deps.leads ? undefined : leadFromFinding(finding);
    if (report) await deps.leads?.add(report);
    return finding;
  }

  return {
    read: (bytes) => deps.reader.read(bytes),
    close: () => deps.reader.close(),
    async judge(reading, ctx, typed, bytes) {
      if (reading.problems.some((p) => FATAL.has(p)) || (!reading.card && !reading.qr)) {
        return { kind: 'unreadable', reading };
      }
      const card = reading.card ?? {};
      let query: ParsedQuery;
      const made = queryFromCard(card, ctx.today);
      if (typed) {
        const printed = made.ok ? made.query.name : made.name;
        query = typed.name || !printed ? typed : { ...typed, name: printed };
      } else {
        if (!made.ok) return { kind: 'need_id', reading, card: made };
        query = made.query;
      }
      query = { ...query, claim: 'photo' };
      const readName = card.name;
      if (!typed?.name && query.name && readName && readName.confidence < SURE_READ) {
        return { kind: 'confirm_name', reading, query, readName: query.name };
      }
      const priority = ctx.priority ?? 'chat';
      const [verdict, scan] = await Promise.all([
        deps.pipeline.verify(query, { requester: ctx.requester, today: ctx.today, priority }),
        scanOf(reading, query, priority),
      ]);
      const found = { current: verdict.certificates.map((c) => c.record), history: verdict.history };
      let comparison = reading.card ? compareCard(reading.card, found) : undefined;
      if (!comparison && reading.card && scan?.kind === 'same')
        comparison = compareWith(reading.card, scan.certificate);
      const why: Record<PhotoLeadKind, string[]> = { fake_platform: [], altered_card: [] };
      if (reading.qr && !reading.qr.official)
        why.fake_platform.push(reading.qr.reason ?? '二维码不是官方查询平台');
      if (comparison?.altered) {
        const fields = comparison.differences.filter((d) => d.weight === 'altered').map((d) => d.label);
        why.altered_card.push(`证上的${fields.join('、')}与全国平台记录不符`);
      }
      if (scan?.kind === 'other_card')
        why.altered_card.push('二维码是另一本证书的（官方扫码结果与证上的姓名或证号不符）');
      // An official QR whose token the scan calls unknown is no evidence by itself: the scan's answers are not
      // confirmed, so the reply asks for a scan in the official account, and only a differing field makes a lead.
      const leads = (Object.keys(why) as PhotoLeadKind[]).filter((k) => why[k].length > 0);
      const findings: Finding[] = [];
      if (leads.length > 0 && query.valid) {
        const imageFile = bytes && deps.keepImage ? await deps.keepImage(reading.sha256, bytes) : undefined;
        for (const lead of leads) {
          const evidence: PhotoEvidence = {
            sha256: reading.sha256,
            findings: why[lead],
            differences: (comparison?.differences ?? [])
              .filter((d) => d.weight === 'altered')
              .map((d) => ({
                label: d.label,
                card: d.card,
                ...(d.platform === undefined ? {} : { platform: d.platform }),
              })),
          };
          if (reading.qr) evidence.qrText = reading.qr.defanged;
          if (reading.qr?.host) evidence.qrHost = reading.qr.host;
          if (imageFile) evidence.imageFile = imageFile;
          findings.push(await record(lead, verdict, ctx, evidence));
        }
        log.info({ id: maskId(query.idNumber), leads }, 'photo lead recorded');
      }
      return {
        kind: 'checked',
        reading,
        query,
        verdict,
        ...(comparison ? { comparison } : {}),
        ...(scan ? { scan } : {}),
        leads,
        findings,
      };
    },
  };
}
