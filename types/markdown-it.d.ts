// markdown-it (a test-only dependency: the CommonMark + GFM-tables parser the Markdown escaping is
// checked against) ships no type declarations. Only the parts the tests call are typed.
declare module 'markdown-it' {
  interface Token {
    type: string;
    tag: string;
    content: string;
    children: Token[] | null;
    attrs: [string, string][] | null;
  }
  interface Options {
    html?: boolean;
    linkify?: boolean;
  }
  class MarkdownIt {
    constructor(options?: Options);
    render(src: string): string;
    parse(src: string, env: object): Token[];
    parseInline(src: string, env: object): Token[];
  }
  export default MarkdownIt;
}
