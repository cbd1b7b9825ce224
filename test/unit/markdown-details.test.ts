import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown.js';

// Found by the QA pass: diff folds each scenario in <details> with its name in the <summary>;
// a name such as "support-bot <v2>" opened an HTML tag there and the block no longer folded.
describe('markdown <details> summary', () => {
  it('escapes &, < and > in the summary', () => {
    const md = renderMarkdown({ blocks: [{ kind: 'details', summary: 'support-bot <v2> & co: $1 -> $2', blocks: [{ kind: 'text', text: 'body' }] }] });
    expect(md).toContain('<details><summary>support-bot &lt;v2&gt; &amp; co: $1 -&gt; $2</summary>');
  });

  it('a plain summary is unchanged', () => {
    expect(renderMarkdown({ blocks: [{ kind: 'details', summary: 'Details', blocks: [] }] })).toContain('<details><summary>Details</summary>');
  });
});
