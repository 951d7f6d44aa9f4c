/**
 * Finds the first object key that appears twice in the same JSON object, at any depth, or null.
 * `JSON.parse` silently keeps the last duplicate, so a crafted safetensors header could otherwise show
 * a reader one tensor and a different tool another. The text must already be valid JSON (parse it
 * first): this scanner only tracks strings, nesting and which strings are keys.
 */
export function findDuplicateKey(json: string): string | null {
  // One entry per open container: a Set of keys for an object, null for an array.
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  let i = 0;
  while (i < json.length) {
    const c = json[i]!;
    if (c === '"') {
      const start = i;
      i++;
      while (json[i] !== '"') i += json[i] === '\\' ? 2 : 1;
      i++;
      if (expectKey) {
        const raw = json.slice(start + 1, i - 1);
        const key = raw.includes('\\') ? (JSON.parse(json.slice(start, i)) as string) : raw;
        const keys = stack[stack.length - 1]!;
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      continue;
    }
    if (c === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      stack.push(null);
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
    i++;
  }
  return null;
}
