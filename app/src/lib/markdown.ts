/**
 * Model cards and datasheets: Markdown rendered by marked with raw HTML escaped and only safe link
 * and image URLs kept, then sanitised again by DOMPurify (two independent layers), so scripts,
 * event handlers and javascript: links in a card never reach the page.
 */
import DOMPurify from "dompurify";
import { Marked } from "marked";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** http(s), mailto, in-page and relative URLs; never javascript:, data:, vbscript: … */
export function isSafeUrl(url: string, { image = false } = {}): boolean {
  const trimmed = url.trim();
  // Control characters and whitespace inside a scheme are how filters get bypassed ("java\tscript:").
  if ([...trimmed].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) return true;
  return scheme === "https" || scheme === "http" || (!image && scheme === "mailto");
}

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    link({ href, title, tokens }) {
      const text = this.parser.parseInline(tokens);
      if (!isSafeUrl(href)) return text;
      const t = title ? ` title="${escapeHtml(title)}"` : "";
      return `<a href="${escapeHtml(href)}"${t} target="_blank" rel="noopener noreferrer nofollow">${text}</a>`;
    },
    image({ href, title, text }) {
      if (!isSafeUrl(href, { image: true })) return escapeHtml(text);
      const t = title ? ` title="${escapeHtml(title)}"` : "";
      return `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}"${t} loading="lazy">`;
    },
  },
});

/** First layer: Markdown → HTML with raw HTML escaped and unsafe URLs dropped. */
export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown) as string;
}

/** Safe HTML for `markdown`: {@link markdownToHtml}, then DOMPurify. */
export function renderMarkdown(markdown: string): string {
  return DOMPurify.sanitize(markdownToHtml(markdown), {
    USE_PROFILES: { html: true },
    ADD_ATTR: ["target"],
    FORBID_TAGS: ["style", "form", "input", "button", "iframe"],
    FORBID_ATTR: ["style"],
  });
}

/** The first level-1 heading of a card ("# Aurora-7B v2" → "Aurora-7B v2"), if any. */
export function cardTitle(markdown: string): string | undefined {
  const m = /^#\s+(.+?)\s*#*\s*$/m.exec(markdown);
  return m?.[1];
}
