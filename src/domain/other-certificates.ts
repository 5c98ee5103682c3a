/**
 * Certificates of other ministries that people take for special-operations certificates (domain.md §1): the
 * special-equipment operator's certificate of market regulation (叉车, 锅炉, 起重机械, 电梯, 压力容器 …) and the
 * construction special-operations certificate of housing and construction. The national safety platform holds
 * neither, so a query about one is answered with where to check it, never with an item mismatch.
 */

/** A certificate the national safety platform does not hold, and where it is checked. */
export interface OtherCertificate {
  /** Its name, as printed on it. */
  certificate: string;
  /** Who issues it. */
  issuer: string;
  /** Where it is checked, in words (with the address when there is one national site). */
  whereToCheck: string;
  /** Item words of this certificate as people and rosters write them. */
  words: readonly string[];
  /** The shape of its certificate numbers, when it has its own (not the holder's ID number). */
  numberShape?: RegExp;
}

/** 特种设备作业人员证 and 建筑施工特种作业操作资格证书, with their item words. */
export const OTHER_CERTIFICATES: readonly OtherCertificate[] = [
  {
    certificate: '特种设备作业人员证',
    issuer: '市场监督管理部门',
    whereToCheck: '全国特种设备公示信息查询平台（cnse.samr.gov.cn）',
    words: [
      '叉车',
      '叉车司机',
      '叉车工',
      '场内机动车辆',
      '场（厂）内专用机动车辆',
      '场厂内专用机动车辆',
      '锅炉',
      '锅炉工',
      '司炉',
      '司炉工',
      '锅炉操作',
      '起重机械',
      '起重机',
      '起重工',
      '起重机司机',
      '起重机械指挥',
      '桥式起重机司机',
      '门式起重机司机',
      '行车工',
      '天车工',
      '电梯',
      '电梯工',
      '电梯司机',
      '电梯安装维修',
      '电梯修理',
      '压力容器',
      '压力容器操作',
      '快开门式压力容器操作',
      '移动式压力容器充装',
      '气瓶充装',
      '压力管道',
      '客运索道',
      '大型游乐设施',
      '安全阀校验',
      '特种设备',
      '特种设备安全管理',
    ],
  },
  {
    certificate: '建筑施工特种作业操作资格证书',
    issuer: '住房和城乡建设主管部门',
    whereToCheck: '发证地省级住房和城乡建设主管部门的网站',
    // Province, a capital letter, then digits: 14 characters such as 苏A042019000123.
    numberShape:
      /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][0-9]{10,12}(?![0-9])/u,
    words: [
      '建筑施工特种作业',
      '建筑电工',
      '建筑架子工',
      '普通脚手架架子工',
      '附着式升降脚手架架子工',
      '建筑起重信号司索工',
      '信号司索工',
      '司索工',
      '建筑起重机械司机',
      '塔式起重机司机',
      '塔吊司机',
      '塔吊',
      '施工升降机司机',
      '物料提升机司机',
      '建筑起重机械安装拆卸工',
      '塔吊安拆工',
      '高处作业吊篮安装拆卸工',
    ],
  },
];

const BY_WORD = new Map(OTHER_CERTIFICATES.flatMap((c) => c.words.map((w) => [w, c] as const)));

/** Every item word of another ministry's certificate (for finding them in free text). */
export const OTHER_CERTIFICATE_WORDS: readonly string[] = [...BY_WORD.keys()];

/** The other ministry's certificate an item text names (叉车 → 特种设备作业人员证), if any. */
export function otherCertificateOf(item: string): OtherCertificate | undefined {
  const text = item.replace(/[\s\u3000]/g, '').replace(/(操作)?证$/, '');
  return BY_WORD.get(text) ?? BY_WORD.get(text.replace(/作业$/, ''));
}

/** Why a query about another ministry's certificate is not answered from the national safety platform. */
export function otherCertificateReason(item: string, other: OtherCertificate): string {
  return `「${item}」属于${other.certificate}，由${other.issuer}发证，不在全国安全生产考试平台（cx.mem.gov.cn）；请到${other.whereToCheck}查询`;
}

/**
 * The answer to a query about another ministry's certificate when this platform has nothing for the person: where
 * to check it, and that nothing found here says nothing about it.
 */
export function otherAuthorityReason(item: string, other: OtherCertificate): string {
  return `${otherCertificateReason(item, other)}。本平台查不到不说明其${other.certificate}有问题`;
}

/** A 14-digit number: the shape of a safety knowledge and management certificate number. */
const SAFETY_CERT_NUMBER = /(?<![0-9０-９])[0-9０-９]{14}(?![0-9０-９])/u;

/**
 * The hint for a message holding a certificate number the bot cannot look up by (and no ID number): the
 * platform is asked by ID number, and a construction certificate is checked elsewhere. Undefined otherwise.
 */
export function certificateNumberHint(text: string): string | undefined {
  const other = OTHER_CERTIFICATES.find((c) => c.numberShape?.test(text) === true);
  if (other !== undefined)
    return `这像是${other.certificate}的编号，由${other.issuer}发证，不在全国安全生产考试平台；请到${other.whereToCheck}查询。要核验特种作业操作证，请发送持证人的姓名和身份证号，例如：张三 11010519491231002X`;
  if (SAFETY_CERT_NUMBER.test(text)) {
    return '这像是安全生产知识和管理能力考核合格证的证书编号（14 位）。全国平台按身份证号查询，请发送持证人的姓名和身份证号，例如：张三 11010519491231002X';
  }
  return undefined;
}
