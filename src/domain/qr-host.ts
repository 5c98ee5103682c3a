/**
 * The verdict on a QR code's text: does it open the official lookup platform, and if not, why it looks like a
 * fake one. Officials say the address is the one test of a lookup page, so the test is the host as a browser
 * would reach it (`new URL()`, which also turns a Unicode host into punycode and sees through `user@host`), and
 * nothing here ever fetches the address. The text is always handed back defanged, so no reply makes it clickable.
 *
 * `http:` to an official host counts as official: the host decides whose page opens, and a forger gains nothing
 * from pointing at the real platform, while calling such a genuine code a fake platform would accuse a real card.
 */

/** What a QR code says, and whether it points at the official lookup platform. */
export interface QrReading {
  /** The decoded text, at most `photo.maxQrTextChars` kept (longer is a problem of its own). */
  text: string;
  /** The host of its URL, lower-cased (punycode as is); undefined when the text is no http(s) URL. */
  host?: string;
  /** True only for an http(s) URL whose host is on `photo.officialHosts`, no userinfo, default port. */
  official: boolean;
  /** Why a non-official QR is suspicious, in words (e.g. 域名仿冒 cx.mem.gov.cn). Absent when official. */
  reason?: string;
  /** The text made safe to show (no clickable link): e.g. `hxxps://cx-mem-gov[.]cn/…`. */
  defanged: string;
  /** The platform's certificate token from an official URL, for its scan endpoint. */
  token?: string;
}

/** What the verdict needs from the settings. */
export interface QrHostRules {
  /** Hosts of the official platform, lower-case (`photo.officialHosts`). */
  officialHosts: readonly string[];
  /** Longer texts are no certificate code (`photo.maxQrTextChars`). */
  maxChars: number;
}

/** How many characters of the text a reply shows at most. */
const SHOWN_CHARS = 120;

/** The token after the last `#`: the platform's tokens are letters, digits, `-` and `_`. */
const TOKEN = /^[A-Za-z0-9_-]{8,128}$/;

/** Judge a QR code's decoded text against the official hosts. */
export function judgeQrText(text: string, rules: QrHostRules): QrReading {
  const chars = Array.from(text);
  if (chars.length > rules.maxChars) {
    const kept = chars.slice(0, rules.maxChars).join('');
    return {
      text: kept,
      official: false,
      reason: `二维码内容过长（${chars.length} 个字符），不是证书二维码`,
      defanged: defang(kept),
    };
  }
  const trimmed = text.trim();
  const defanged = defang(trimmed);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { text, official: false, reason: '二维码内容不是网址，不是官方查询平台的二维码', defanged };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return {
      text,
      official: false,
      reason: `二维码是 ${url.protocol.replace(/:$/, '')} 链接而不是网址，不是官方查询平台的二维码`,
      defanged,
    };
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const problem = hostProblem(url, host, rules.officialHosts);
  if (problem) return { text, host, official: false, reason: problem, defanged };
  const token = tokenOf(trimmed);
  return { text, host, official: true, defanged, ...(token ? { token } : {}) };
}

/**
 * Why an http(s) URL is not the official platform, or undefined when it is. The suspicious host and user name
 * are shown defanged even in the reason, so no chat turns them into a link.
 */
function hostProblem(url: URL, host: string, officialHosts: readonly string[]): string | undefined {
  const listed = officialHosts.map((h) => h.toLowerCase());
  const official = listed.join('、');
  const shown = defang(host);
  const onList = listed.includes(host);
  if (url.username !== '' || url.password !== '') {
    const user = defang(clip(decodeURIComponentSafe(url.username), 40));
    return onList
      ? `网址在“@”前带有用户名（${user}），官方二维码不会这样写`
      : `网址在“@”前放了用户名（${user}）作掩护，实际打开的是 ${shown}，不是官方查询平台 ${official}`;
  }
  if (onList) return url.port === '' ? undefined : `网址用了非标准端口 ${url.port}，官方查询平台不用端口号`;
  const parent = listed.find((h) => host.endsWith(`.${h}`));
  if (parent) return `${shown} 是 ${parent} 下的另一个地址，不在官方查询平台清单（${official}）中`;
  const lookalike = listed.find((h) => host.startsWith(`${h}.`));
  if (lookalike)
    return `域名仿冒：以 ${lookalike} 开头，实际是另一个网站 ${shown}，不是官方查询平台 ${official}`;
  if (host.split('.').some((label) => label.startsWith('xn--')))
    return `域名含有与英文字母形似的特殊字符（${shown}），仿冒官方查询平台 ${official}`;
  if (/^\d+(\.\d+){3}$/.test(host) || host.startsWith('['))
    return `网址是 IP 地址 ${shown}，不是官方查询平台 ${official}`;
  const similar = listed.find((h) => looksLike(host, h));
  if (similar) return `域名仿冒：${shown} 与官方查询平台 ${similar} 形似，但不是同一个网站`;
  return `${shown} 不是官方查询平台（官方网址只有 ${official}）`;
}

/** `text` percent-decoded, or as it is when it is no valid encoding. */
function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Whether `host` spells nearly the official one once dots and dashes are dropped (one or two letters off). */
function looksLike(host: string, official: string): boolean {
  const bare = (h: string) => h.replace(/[.-]/g, '');
  const a = bare(host);
  const b = bare(official);
  if (a.includes(b)) return true;
  return editDistance(a, b) <= 2;
}

/** Levenshtein distance of two short strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The platform token after the last `#`, when it has a token's shape. */
function tokenOf(text: string): string | undefined {
  const hash = text.lastIndexOf('#');
  if (hash < 0) return undefined;
  const token = text.slice(hash + 1).trim();
  return TOKEN.test(token) ? token : undefined;
}

/** At most `max` characters (code points) of `text`, with `…` when cut. */
function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

/**
 * `text` made safe to show in a chat: `http` → `hxxp`, every `.` → `[.]`, a scheme's `:` bracketed
 * (`javascript[:]`), `@` → `[@]`, control characters as spaces, cut to 120 characters with `…`.
 */
export function defang(text: string): string {
  return clip(text.replace(/\p{Cc}+/gu, ' ').trim(), SHOWN_CHARS)
    .replace(/\bhttp(s?):/gi, 'hxxp$1:')
    .replace(/^([a-z][a-z0-9+.-]*):(?!\/\/)/i, '$1[:]')
    .replace(/\./g, '[.]')
    .replace(/@/g, '[@]');
}
