/** SourceView: placeholder while its engine lands. */
export function SourceView() {
  return <p className="notice soon">coming soon</p>;
}
