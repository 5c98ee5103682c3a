import { describe, expect, it } from 'vitest';
import { decideAccess, enterpriseOf } from '../../src/chat/access.js';
import { parseCommand } from '../../src/chat/commands.js';
import { QueryRateLimit } from '../../src/chat/rate-limit.js';
import { chatConfig, groupText, privateText } from './helpers.js';

describe('parseCommand', () => {
  it('knows the commands', () => {
    expect(parseCommand(' 帮助 ')).toEqual({ kind: 'help' });
    expect(parseCommand('/help')).toEqual({ kind: 'help' });
    expect(parseCommand('统计')).toEqual({ kind: 'stats' });
    expect(parseCommand('导出 线索清单')).toEqual({ kind: 'export', report: 'leads' });
    expect(parseCommand('导出月度统计')).toEqual({ kind: 'export', report: 'stats' });
    expect(parseCommand('导出')).toEqual({ kind: 'export', report: undefined });
  });

  it('tells bare names from other text', () => {
    expect(parseCommand('张三')).toEqual({ kind: 'name', name: '张三' });
    const isName = (text: string) => parseCommand(text).kind === 'name';
    expect(isName('欧阳娜娜')).toBe(true);
    expect(isName('艾力·买买')).toBe(true);
    expect(isName('买买提·艾力')).toBe(true);
    expect(isName('张')).toBe(false);
    expect(isName('诸葛孔明先生')).toBe(false);
    expect(isName('张3')).toBe(false);
    expect(parseCommand('张三 11010519491231002X')).toEqual({
      kind: 'text',
      text: '张三 11010519491231002X',
    });
  });

  it('drops the spaces inside a name and takes a rare surname, but no chatter, as the answer', () => {
    expect(parseCommand('张 伟')).toEqual({ kind: 'name', name: '张伟' });
    expect(parseCommand('黄\u3000勇')).toEqual({ kind: 'name', name: '黄勇' });
    expect(parseCommand('阿卜杜•热合曼')).toEqual({ kind: 'name', name: '阿卜杜·热合曼' });
    // 甪 is a rare surname: a name given in answer to the question is taken as it is.
    expect(parseCommand('甪里')).toEqual({ kind: 'name', name: '甪里' });
    for (const chatter of [
      '不知道',
      '王师傅',
      '李师傅',
      '谢谢',
      '你好',
      '好的',
      '新来的',
      '我们单位',
      '查查',
    ])
      expect(parseCommand(chatter), chatter).toEqual({ kind: 'text', text: chatter });
  });
});

describe('access', () => {
  it('ignores un-mentioned group messages before anything else', () => {
    expect(decideAccess(chatConfig(), groupText('x', false))).toBe('ignore');
  });

  it('matches rooms by id or topic and contacts by id or name', () => {
    expect(decideAccess(chatConfig({ allowedRooms: ['room-1@chatroom'] }), groupText('x'))).toBe('allow');
    expect(decideAccess(chatConfig({ allowedRooms: ['安全生产群'] }), groupText('x'))).toBe('allow');
    expect(decideAccess(chatConfig({ allowedContacts: ['user-1'] }), privateText('x'))).toBe('allow');
    expect(
      decideAccess(chatConfig({ allowedContacts: ['user-9'], strangers: 'ignore' }), privateText('x')),
    ).toBe('ignore');
  });

  it('finds the enterprise by room first, then by contact', () => {
    const config = chatConfig({ enterprises: { 安全生产群: '甲公司', 'user-2': '乙公司' } });
    expect(enterpriseOf(config, groupText('x'))).toBe('甲公司');
    expect(enterpriseOf(config, privateText('x', { id: 'user-2', name: '王工' }))).toBe('乙公司');
    expect(enterpriseOf(config, privateText('x'))).toBeUndefined();
  });
});

describe('QueryRateLimit', () => {
  it('allows up to the limit in a sliding hour', () => {
    const limit = new QueryRateLimit(3);
    expect(limit.take('u', 2, 0)).toEqual({ allowed: 2 });
    expect(limit.take('u', 2, 1000)).toEqual({ allowed: 1, retryAt: 3_600_000 });
    expect(limit.take('u', 1, 3_600_001)).toEqual({ allowed: 1 });
    expect(limit.take('v', 3, 1000)).toEqual({ allowed: 3 });
  });
});
