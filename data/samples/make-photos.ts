/**
 * Writes the demo photos of certificates into `data/samples/photos/`: drawn cards and a screenshot of the
 * simulator's people (see test/helpers/card-photos.ts), one genuine, one with a QR code opening a look-alike
 * lookup site, one altered, one turned by its EXIF tag; and `photos.json`, what each truly shows.
 *
 *   npx tsx data/samples/make-photos.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CertificateRecord } from '../../src/domain/certificate.js';
import {
  FAKE_QR_HOSTS,
  type PhotoPlan,
  sampleCertificates,
  samplePhoto,
} from '../../test/helpers/card-photos.js';

const out = join(dirname(fileURLToPath(import.meta.url)), 'photos');
const certs = sampleCertificates();
const byName = (name: string) => certs.find((c) => c.name === name) as CertificateRecord;

const SAMPLES: Array<{ file: string; holder: string; plan: PhotoPlan; shows: string }> = [
  {
    file: 'card-genuine.jpg',
    holder: '张伟',
    plan: { style: 'ic_card', dates: 'dash', variant: 'clean' },
    shows: '真实的证件：卡面与平台一致，二维码指向官方平台',
  },
  {
    file: 'ecert-screenshot.jpg',
    holder: '王芳',
    plan: { style: 'e_cert', dates: 'han', variant: 'clean' },
    shows: '电子证书截图：与平台一致，二维码指向官方平台',
  },
  {
    file: 'card-fake-qr.jpg',
    holder: '李强',
    plan: { style: 'ic_card', dates: 'dot', variant: 'tilt', fakeHost: FAKE_QR_HOSTS[0] as string },
    shows: '卡面与平台一致，但二维码打开仿冒的查询网站（cx.mem.gov.cn.cxzs.top）',
  },
  {
    file: 'card-altered.jpg',
    holder: '陈静',
    plan: { style: 'ic_card', dates: 'dash', variant: 'clean', alter: 'validUntil' },
    shows: '涂改的证件：姓名和号码真实，有效期被改晚 3 年',
  },
  {
    file: 'card-turned.jpg',
    holder: '刘洋',
    plan: { style: 'ic_card', dates: 'dash', variant: 'exif' },
    shows: '侧着拍的照片（EXIF 方向标记），与平台一致',
  },
];

mkdirSync(out, { recursive: true });
const truth = [];
for (const [i, sample] of SAMPLES.entries()) {
  const photo = await samplePhoto(byName(sample.holder), sample.plan, 7000 + i, sample.file);
  writeFileSync(join(out, sample.file), photo.bytes);
  truth.push({
    file: sample.file,
    shows: sample.shows,
    idNumber: photo.genuine.idNumber,
    name: photo.genuine.name,
    qrText: photo.qrText,
    qrOfficial: photo.qrOfficial,
    altered: Object.fromEntries(
      photo.altered.map((field) => [field, { card: photo.printed[field], platform: photo.genuine[field] }]),
    ),
  });
  console.log(`${sample.file}: ${photo.bytes.length} bytes`);
}
writeFileSync(join(out, 'photos.json'), `${JSON.stringify({ photos: truth }, null, 2)}\n`);
