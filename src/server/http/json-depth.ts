/**
 * How deeply a JSON text nests arrays and objects, read without parsing it.
 * IMPORTANT: JSON.parse copes with any depth, but superjson and tRPC walk the parsed value
 * recursively, so a body nested 10,000 levels would overflow the stack (a 500) were it not
 * refused first.
 */
export function jsonDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") {
      if (++depth > maxDepth) return true;
    } else if (char === "}" || char === "]") depth--;
  }
  return false;
}
