import { describe, expect, it } from "vitest";
import { cardTitle, markdownToHtml, renderMarkdown } from "./markdown.ts";

/** An element with an event-handler attribute, e.g. `<img src=x onerror=…>`. */
const HANDLER = /<[a-z][^>]*\son[a-z]+\s*=/i;

describe("renderMarkdown", () => {
  it("renders Markdown", () => {
    // (happy-dom's DOM makes DOMPurify drop headings; the browser keeps them, so check the first layer.)
    expect(markdownToHtml("# Aurora")).toContain("<h1>Aurora</h1>");
    const html = renderMarkdown("# Aurora\n\nA **bold** model.\n\n| a | b |\n|---|---|\n| 1 | 2 |");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<table>");
  });
  it("strips scripts, event handlers and javascript: links", () => {
    const html = renderMarkdown(
      '# Card\n\n<script>alert(1)</script>\n\n<img src="x" onerror="alert(2)">\n\n[click](javascript:alert(3))\n\n<a href="#" onclick="alert(4)">x</a>',
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(HANDLER);
    expect(markdownToHtml('<img src="x" onerror="alert(2)">')).not.toMatch(HANDLER);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain("&lt;script&gt;"); // shown as text, not run
    expect(html).toContain("click"); // the link text stays
  });
  it("opens links in a new tab without an opener", () => {
    expect(renderMarkdown("[docs](https://example.com)")).toContain('rel="noopener noreferrer nofollow"');
  });
  it("keeps safe images and drops javascript: and data: ones", () => {
    expect(renderMarkdown("![chart](https://example.com/c.png)")).toContain('<img src="https://example.com/c.png"');
    expect(renderMarkdown("![x](javascript:alert(1))")).not.toContain("<img");
    expect(renderMarkdown("![x](data:text/html;base64,AAAA)")).not.toContain("<img");
    expect(renderMarkdown("[x](JaVa\tScRiPt:alert(1))")).not.toMatch(/href=/);
  });
  it("escapes raw HTML blocks instead of rendering them", () => {
    const html = renderMarkdown('<p style="position:fixed">x</p>\n\n<iframe src="https://evil"></iframe>');
    expect(html).not.toMatch(/<iframe|<p style/);
  });
});

describe("cardTitle", () => {
  it("takes the first level-1 heading", () => {
    expect(cardTitle("intro\n# Aurora-7B v2\n## Usage")).toBe("Aurora-7B v2");
    expect(cardTitle("## only h2")).toBeUndefined();
  });
});
