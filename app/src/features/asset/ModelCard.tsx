/** A model card or datasheet: sanitised Markdown. */
import { useMemo } from "react";
import { renderMarkdown } from "../../lib/markdown.ts";

export function ModelCard({ markdown }: { markdown: string }) {
  const html = useMemo(() => renderMarkdown(markdown), [markdown]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify in renderMarkdown
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
