import { describe, expect, it } from 'vitest';
import { compactName, personNameOf } from '../../src/domain/person-name.js';

const inText = (text: string) => personNameOf(text, { requireSurname: true });
const asAnswer = (text: string) => personNameOf(text, { requireSurname: false });

describe('personNameOf', () => {
  it('takes a broad sample of real names, compound surnames and single given names included', () => {
    const names = [
      '张伟',
      '王芳',
      '李娜',
      '刘洋',
      '陈静',
      '杨勇',
      '黄磊',
      '赵丽',
      '吴强',
      '周杰',
      '徐明',
      '孙悦',
      '马超',
      '朱琳',
      '胡军',
      '郭靖',
      '何平',
      '高峰',
      '林涛',
      '罗斌',
      '郑爽',
      '梁朝伟',
      '谢娜',
      '宋佳',
      '唐嫣',
      '韩梅梅',
      '冯小刚',
      '邓超',
      '曹操',
      '彭于晏',
      '曾志伟',
      '肖战',
      '田亮',
      '董卿',
      '袁泉',
      '潘长江',
      '于谦',
      '蒋欣',
      '蔡徐坤',
      '余华',
      '杜甫',
      '叶问',
      '程潇',
      '苏轼',
      '魏晨',
      '吕布',
      '丁磊',
      '任正非',
      '沈腾',
      '姚明',
      '卢靖姗',
      '姜文',
      '崔健',
      '钟南山',
      '谭咏麟',
      '陆毅',
      '汪峰',
      '范冰冰',
      '金星',
      '石磊',
      '廖凡',
      '贾玲',
      '夏雨',
      '付笛生',
      '覃海洋',
      '闫妮',
      '阎学通',
      '欧阳娜娜',
      '欧阳修',
      '司马光',
      '司马懿',
      '诸葛亮',
      '诸葛孔明',
      '上官婉儿',
      '东方红',
      '皇甫嵩',
      '慕容复',
      '令狐冲',
      '公孙胜',
      '西门庆',
      '张三丰',
      '王小二',
      '李四',
      '黄勇',
      '党晓燕',
      '和珅',
      '查良镛',
    ];
    for (const name of names) expect(inText(name), name).toBe(name);
  });

  it('takes minority names with a middle dot, longer ones too, with one kind of dot', () => {
    expect(inText('阿卜杜·热合曼')).toBe('阿卜杜·热合曼');
    expect(inText('阿依古丽•买买提')).toBe('阿依古丽·买买提');
    expect(inText('买买提・艾力')).toBe('买买提·艾力');
    expect(inText('穆罕默德·阿卜杜拉·艾则孜')).toBe('穆罕默德·阿卜杜拉·艾则孜');
    expect(inText('·艾力')).toBeUndefined();
    expect(inText('艾力·')).toBeUndefined();
  });

  it('takes no chatter, label or form of address', () => {
    for (const word of [
      '是真',
      '帮我看看',
      '看看',
      '电话',
      '手机',
      '性别',
      '这个',
      '王师傅',
      '李师傅',
      '查查',
      '新来的',
      '我们单位',
      '不知道',
      '身份证',
      '姓名',
      '证书',
      '有效',
      '核验',
      '查询',
      '谢谢',
      '你好',
      '麻烦',
      '张老师',
    ])
      expect(asAnswer(word), word).toBeUndefined();
  });

  it('needs a common surname only in free text, so a rare one can be given in answer', () => {
    expect(inText('对吗')).toBeUndefined();
    expect(inText('能用吗')).toBeUndefined();
    expect(inText('甪里先')).toBeUndefined();
    expect(asAnswer('甪里先')).toBe('甪里先');
  });

  it('takes 2–4 Han characters only', () => {
    for (const text of ['张', '诸葛孔明先生', '张3', 'Zhang', '张三！'])
      expect(asAnswer(text), text).toBeUndefined();
  });
});

describe('compactName', () => {
  it('drops spaces between the characters of a name, ideographic ones too', () => {
    expect(compactName('张 伟')).toBe('张伟');
    expect(compactName(' 黄\u3000勇 ')).toBe('黄勇');
    expect(compactName('阿卜杜 · 热合曼')).toBe('阿卜杜·热合曼');
    expect(compactName('John Smith')).toBe('John Smith');
  });
});
