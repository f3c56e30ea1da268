/**
 * A string from a file or link shown as text: direction isolated (`<bdi>`, so right-to-left
 * letters cannot reorder the cell's neighbours) and hidden characters as visible escapes
 * (safe-text.ts), styled so they read as escapes, not as part of the name.
 */
import { visibleParts } from './safe-text';

export function SafeText({ text, className }: { text: string; className?: string }) {
  const parts = visibleParts(text);
  return (
    <bdi className={className ? `safe-text ${className}` : 'safe-text'}>
      {parts.map((p, i) =>
        p.escaped ? (
          <span key={i} className="ctl-escape" title="a control or direction character in the file">
            {p.text}
          </span>
        ) : (
          p.text
        ),
      )}
    </bdi>
  );
}

/** Multi-line text (a <pre>'s content): each line as SafeText, the line breaks kept. */
export function SafeLines({ text }: { text: string }) {
  return (
    <>
      {text.split('\n').map((line, i) => (
        <span key={i}>
          {i > 0 && '\n'}
          <SafeText text={line} />
        </span>
      ))}
    </>
  );
}
