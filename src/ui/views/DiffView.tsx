/** DiffView: placeholder while its engine lands. */
export function DiffView() {
  return <p className="notice soon">coming soon</p>;
}
