/**
 * A Monarch grammar for the C that btfscope shows: bpftool-style type definitions
 * (struct/union/enum/typedef, bitfields, __attribute__((packed)), `___N` suffixed names) and
 * BPF program source lines. Type keywords and `struct foo` names are tokens of their own so
 * the themes can color them; no semantic analysis.
 */
import type * as Monaco from 'monaco-editor/editor/editor.api.js';

export const BTF_C = 'btf-c';

const language: Monaco.languages.IMonarchLanguage = {
  defaultToken: '',
  keywords: [
    'struct', 'union', 'enum', 'typedef', 'const', 'volatile', 'restrict', 'static', 'extern', 'inline',
    'return', 'if', 'else', 'for', 'while', 'do', 'switch', 'case', 'default', 'break', 'continue', 'goto', 'sizeof',
  ],
  typeKeywords: ['void', 'char', 'short', 'int', 'long', 'unsigned', 'signed', 'float', 'double', '_Bool', 'bool'],
  tokenizer: {
    root: [
      [/\b(struct|union|enum)(\s+)([A-Za-z_]\w*)/, ['keyword', '', 'type']],
      [/__attribute__|__aligned__|__packed__|packed|aligned/, 'attribute'],
      [/\b(u8|u16|u32|u64|s8|s16|s32|s64|__u8|__u16|__u32|__u64|__s8|__s16|__s32|__s64|size_t|pid_t|bool)\b/, 'type'],
      [/[A-Za-z_]\w*_t\b/, 'type'],
      [/[A-Za-z_]\w*/, { cases: { '@keywords': 'keyword', '@typeKeywords': 'type', '@default': 'identifier' } }],
      [/^\s*#\s*\w+/, 'keyword'],
      [/\/\/.*$/, 'comment'],
      [/\/\*/, 'comment', '@comment'],
      [/0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*/, 'number'],
      [/"([^"\\]|\\.)*"/, 'string'],
      [/'([^'\\]|\\.)*'/, 'string'],
      [/[{}()[\]]/, '@brackets'],
      [/[;,.:]/, 'delimiter'],
    ],
    comment: [
      [/[^*]+/, 'comment'],
      [/\*\//, 'comment', '@pop'],
      [/\*/, 'comment'],
    ],
  },
};

const configuration: Monaco.languages.LanguageConfiguration = {
  comments: { lineComment: '//', blockComment: ['/*', '*/'] },
  brackets: [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
  ],
};

export function registerBtfC(monaco: typeof Monaco): void {
  if (monaco.languages.getLanguages().some((l) => l.id === BTF_C)) return;
  monaco.languages.register({ id: BTF_C, extensions: ['.h', '.c'] });
  monaco.languages.setMonarchTokensProvider(BTF_C, language);
  monaco.languages.setLanguageConfiguration(BTF_C, configuration);
}
