/**
 * Puts `text` on the clipboard; true when it worked. The clipboard API needs a secure context
 * (https or localhost); elsewhere `select` (if given) selects the text on the page and it is
 * copied the old way.
 */
export async function copyText(text: string, select?: () => void): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (select === undefined) return false;
    select();
    return document.execCommand('copy');
  }
}
