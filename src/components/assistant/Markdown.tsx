import { createElement, type JSX, memo, useDeferredValue } from "react";
import ReactMarkdown, { type Components, defaultUrlTransform, type ExtraProps } from "react-markdown";
import remarkGfm from "remark-gfm";

type Element = NonNullable<ExtraProps["node"]>;

/**
 * An answer's Markdown (CommonMark and GitHub's tables, strikethrough and task lists) as React
 * elements: never as HTML. Raw HTML in an answer shows as the text it is (react-markdown's
 * default; no rehype-raw), URLs go through `defaultUrlTransform` (no `javascript:`), links open
 * in a new tab without the opener or a referrer, and images are not loaded (a model's answer
 * could otherwise make the browser fetch an address of its choosing).
 * @see https://github.com/remarkjs/react-markdown#security
 */
export function Markdown({ text, streaming }: { text: string; streaming: boolean }) {
  // The whole answer is parsed again for each chunk that streams in: deferred (and parsed in a
  // memoized child, as useDeferredValue needs), a parse still running when the next chunk
  // arrives is dropped for it, so the page keeps up with the stream.
  const shown = useDeferredValue(text);
  return <ParsedMarkdown text={shown} streaming={streaming} />;
}

const ParsedMarkdown = memo(function ParsedMarkdown({ text, streaming }: { text: string; streaming: boolean }) {
  return (
    <div className="break-words">
      <ReactMarkdown
        remarkPlugins={remarkPlugins}
        rehypePlugins={streaming ? streamingPlugins : undefined}
        urlTransform={defaultUrlTransform}
        components={components}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
});

const remarkPlugins = [remarkGfm];

/** Elements that cannot hold text, so the caret goes after them rather than in them. */
const voidElements = new Set(["br", "hr", "img", "input"]);

/**
 * While an answer streams, the blinking caret goes in its deepest last element (the paragraph,
 * list item, table cell or code block being written), so it sits right after the last word.
 */
function caretAtTheEnd() {
  return (tree: Pick<Element, "children">) => {
    let parent = tree;
    for (;;) {
      const last = parent.children.findLast((child) => child.type !== "text" || child.value.trim() !== "");
      if (last?.type !== "element" || voidElements.has(last.tagName)) break;
      parent = last;
    }
    parent.children.push({
      type: "element",
      tagName: "span",
      properties: {
        ariaHidden: "true",
        className: ["ml-0.5 inline-block h-4 w-1.5 animate-pulse bg-current align-middle"],
      },
      children: [],
    });
  };
}

const streamingPlugins = [caretAtTheEnd];

/** The same HTML element with this look (and without react-markdown's `node`, which is no attribute). */
function styled<Tag extends keyof JSX.IntrinsicElements>(tag: Tag, className: string) {
  return ({ node: _, ...props }: JSX.IntrinsicElements[Tag] & ExtraProps) =>
    createElement(tag, { ...props, className });
}

// An answer's headings sit under the page's h1 and the conversation, so they start at h3.
const heading = "mt-3 mb-1 font-semibold first:mt-0";
/** A link the model wrote: a new tab that gets neither this page (`window.opener`) nor its address. */
const external = {
  className: "font-medium text-accent underline underline-offset-2 break-words",
  target: "_blank",
  rel: "noopener noreferrer nofollow",
} as const;
const cell = "border border-zinc-200 px-2 py-1 text-left dark:border-zinc-700";

const components: Components = {
  p: styled("p", "my-2 first:mt-0 last:mb-0"),
  h1: styled("h3", `${heading} text-lg`),
  h2: styled("h4", `${heading} text-base`),
  h3: styled("h5", heading),
  h4: styled("h6", heading),
  h5: styled("h6", heading),
  h6: styled("h6", heading),
  ul: styled("ul", "my-2 list-disc space-y-1 pl-5 first:mt-0 last:mb-0"),
  ol: styled("ol", "my-2 list-decimal space-y-1 pl-5 first:mt-0 last:mb-0"),
  blockquote: styled(
    "blockquote",
    "my-2 border-l-4 border-zinc-300 pl-3 text-zinc-600 dark:border-zinc-600 dark:text-zinc-400",
  ),
  hr: styled("hr", "my-3 border-zinc-200 dark:border-zinc-700"),
  code: styled("code", "rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.875em] break-words dark:bg-zinc-800"),
  // A long line scrolls inside its block, never the page; the code in it drops the inline look.
  pre: styled(
    "pre",
    "my-2 overflow-x-auto rounded-md bg-zinc-100 p-3 text-sm leading-relaxed first:mt-0 last:mb-0 dark:bg-zinc-950 [&>code]:bg-transparent [&>code]:p-0 [&>code]:break-normal",
  ),
  // An address the URL check emptied (javascript:, data:) is no link at all.
  a: ({ node: _, href, ...props }) => (href ? <a href={href} {...props} {...external} /> : <span {...props} />),
  // Never fetched: an answer must not make the browser request an address of its choosing. As
  // text, not a link, since a Markdown image may itself sit inside a link.
  img: ({ src, alt }) => <span>{`${alt || "image"} (${typeof src === "string" ? src : ""})`}</span>,
  table: ({ node: _, ...props }) => (
    <div className="my-2 overflow-x-auto first:mt-0 last:mb-0">
      <table {...props} className="border-collapse text-sm" />
    </div>
  ),
  th: styled("th", `${cell} bg-zinc-50 font-semibold dark:bg-zinc-800`),
  td: styled("td", cell),
};
