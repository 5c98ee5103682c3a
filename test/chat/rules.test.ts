import { describe, expect, it } from 'vitest';
import { decideAccess, enterpriseOf } from '../../src/chat/access.js';
import { isBareName, parseCommand } from '../../src/chat/commands.js';
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
    expect(isBareName('欧阳娜娜')).toBe(true);
    expect(isBareName('艾力·买买')).toBe(true);
    expect(isBareName('买买提·艾力')).toBe(false);
    expect(isBareName('张')).toBe(false);
    expect(isBareName('诸葛孔明先生')).toBe(false);
    expect(isBareName('张3')).toBe(false);
    expect(parseCommand('张三 11010519491231002X')).toEqual({
      kind: 'text',
      text: '张三 11010519491231002X',
    });
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
