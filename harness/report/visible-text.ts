/**
 * Makes wire text readable without hiding what it was: CR and LF are shown as ␍ and ␊ before the
 * real line break (so CRLF, bare LF and bare CR can be told apart — several clauses are about
 * exactly that), and other control characters as their Unicode control pictures (XML cannot carry
 * most of them at all, and a terminal would act on them). C1 controls (0x80–0x9F: 0x9B is a CSI on
 * some terminals) and the bidirectional overrides (which reorder what a reader sees) have no
 * pictures and are shown as [U+XXXX].
 */
import escapeHtml from "escape-html";

type Piece =
  | { kind: "text"; text: string }
  | { kind: "eol"; mark: string; name: string }
  | { kind: "ctrl"; mark: string; name: string };

const SPECIAL = /(\r\n|\r|\n|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069])/;
/** Every control character but CR, LF and TAB. */
const CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

function controlPicture(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return "\u2421";
  return `[U+${code.toString(16).toUpperCase().padStart(4, "0")}]`;
}

function pieces(text: string): Piece[] {
  return text
    .split(SPECIAL)
    .filter((part) => part !== "")
    .map((part): Piece => {
      if (part === "\r\n") return { kind: "eol", mark: "\u240d\u240a", name: "CRLF" };
      if (part === "\n") return { kind: "eol", mark: "\u240a", name: "LF" };
      if (part === "\r") return { kind: "eol", mark: "\u240d", name: "CR" };
      if (part.length === 1 && SPECIAL.test(part)) {
        const hex = part.charCodeAt(0).toString(16).padStart(2, "0");
        return { kind: "ctrl", mark: controlPicture(part), name: `0x${hex}` };
      }
      return { kind: "text", text: part };
    });
}

/** Plain text with visible line ends and control characters (JUnit system-out, terminals). */
export function visibleText(text: string): string {
  return pieces(text)
    .map((p) => (p.kind === "text" ? p.text : p.kind === "eol" ? `${p.mark}\n` : p.mark))
    .join("");
}

/**
 * The same, as HTML: every text run escaped. The markers keep the control pictures as their text
 * (copy, search) and carry an ASCII name the stylesheet draws instead, because few fonts have
 * glyphs for the control pictures.
 */
export function visibleHtml(text: string): string {
  return pieces(text)
    .map((p) => {
      if (p.kind === "text") return escapeHtml(p.text);
      if (p.kind === "eol") return `<span class="eol" data-mark="${p.name}">${p.mark}</span>\n`;
      return `<span class="ctrl" data-mark="${p.name}">${p.mark}</span>`;
    })
    .join("");
}

/**
 * Drops what XML 1.0 cannot carry even escaped (lone surrogates, U+FFFE/U+FFFF) after the control
 * characters were made visible; xmlbuilder would otherwise silently drop or reject them.
 */
export function xmlSafe(text: string): string {
  return visibleControlsOnly(text).replace(/[\uD800-\uDFFF\uFFFE\uFFFF]/gu, "\uFFFD");
}

/** Control characters as pictures, but CR/LF/TAB left alone (for attributes and one-line messages). */
export function visibleControlsOnly(text: string): string {
  return text.replace(CONTROLS, controlPicture);
}

/**
 * IUT-derived text for a terminal: line breaks (CRLF, LF) stay line breaks, a bare CR (which would
 * move the cursor back over what was printed) and every other control character become visible,
 * so nothing an IUT sends can clear a screen, retitle a window or overwrite a verdict.
 */
export function terminalText(text: string): string {
  return text
    .split(/\r\n|\n/)
    .map((line) => visibleControlsOnly(line).replaceAll("\r", "\u240d"))
    .join("\n");
}
