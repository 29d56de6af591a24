/** The text before the first `separator` (all of it when there is none): `"s3.amazonaws.com"` → `"s3"`. */
export const firstPart = (text: string, separator: string): string => {
  const at = text.indexOf(separator);
  return at < 0 ? text : text.slice(0, at);
};

/** The text after the last `separator` (all of it when there is none): `"a.b.privileged"` → `"privileged"`. */
export const lastPart = (text: string, separator: string): string => {
  const at = text.lastIndexOf(separator);
  return at < 0 ? text : text.slice(at + separator.length);
};
